using Jobs.Client;
using Jobs.Model;

namespace Jobs.Dashboard.Tests.Fakes;

/// <summary>Records what the dashboard asks the engine to do (a seam: only the interaction is under test).</summary>
public sealed class RecordingJobClient : IJobClient
{
    public List<(string Action, long JobId)> Calls { get; } = [];

    public List<JobRequest> Enqueued { get; } = [];

    public List<IReadOnlyCollection<long>?> DeadLetterRetries { get; } = [];

    public int Purges { get; private set; }

    /// <summary>How many jobs a purge reports it deleted.</summary>
    public int PurgeAnswer { get; set; }

    public Task<EnqueueResult> EnqueueAsync(JobRequest request, CancellationToken cancellationToken = default)
    {
        Enqueued.Add(request);
        return Task.FromResult(new EnqueueResult(1000 + Enqueued.Count, JobState.Enqueued, false));
    }

    public Task<IReadOnlyList<EnqueueResult>> EnqueueBatchAsync(IReadOnlyList<JobRequest> requests, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The dashboard enqueues one job at a time.");

    public Task<JobActionResult> CancelAsync(long jobId, string? reason = null, CancellationToken cancellationToken = default) => Record("cancel", jobId, JobState.Cancelled);

    public Task<JobActionResult> RetryAsync(long jobId, CancellationToken cancellationToken = default) => Record("retry", jobId, JobState.Enqueued);

    public Task<JobActionResult> DeleteAsync(long jobId, CancellationToken cancellationToken = default) => Record("delete", jobId, null);

    public Task<int> RetryDeadLetteredAsync(IReadOnlyCollection<long>? jobIds, CancellationToken cancellationToken = default)
    {
        DeadLetterRetries.Add(jobIds);
        return Task.FromResult(jobIds?.Count ?? 0);
    }

    public Task<int> PurgeDeadLetteredAsync(DateTimeOffset? finishedBefore = null, CancellationToken cancellationToken = default)
    {
        Purges++;
        return Task.FromResult(PurgeAnswer);
    }

    public Task<int> DeleteFinishedAsync(DateTimeOffset finishedBefore, CancellationToken cancellationToken = default) => Task.FromResult(0);

    private Task<JobActionResult> Record(string action, long jobId, JobState? state)
    {
        Calls.Add((action, jobId));
        return Task.FromResult(new JobActionResult(JobActionStatus.Done, state));
    }
}
