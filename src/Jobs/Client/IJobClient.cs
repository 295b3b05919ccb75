using Jobs.Model;

namespace Jobs.Client;

/// <summary>Enqueues and controls jobs: what the dashboard, the REST API, the CLI and schedules call.</summary>
public interface IJobClient
{
    /// <summary>Validates and durably stores one job; returns once it is committed.</summary>
    /// <exception cref="JobValidationException">When the request is invalid; nothing is written.</exception>
    Task<EnqueueResult> EnqueueAsync(JobRequest request, CancellationToken cancellationToken = default);

    /// <summary>Validates and stores several jobs in one transaction: all or none. Requests may depend on each other by <see cref="JobRequest.BatchKey"/>.</summary>
    /// <exception cref="JobValidationException">When any request is invalid or the dependencies form a cycle; nothing is written.</exception>
    Task<IReadOnlyList<EnqueueResult>> EnqueueBatchAsync(IReadOnlyList<JobRequest> requests, CancellationToken cancellationToken = default);

    /// <summary>Cancels a waiting or running job.</summary>
    Task<JobActionResult> CancelAsync(long jobId, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>Runs a failed, dead-lettered or cancelled job again, with its attempt count reset; its history is kept.</summary>
    Task<JobActionResult> RetryAsync(long jobId, CancellationToken cancellationToken = default);

    /// <summary>Deletes a finished job with its logs.</summary>
    Task<JobActionResult> DeleteAsync(long jobId, CancellationToken cancellationToken = default);

    /// <summary>Retries the given dead-lettered jobs, or all of them when <paramref name="jobIds"/> is null. Returns how many were requeued.</summary>
    Task<int> RetryDeadLetteredAsync(IReadOnlyCollection<long>? jobIds, CancellationToken cancellationToken = default);

    /// <summary>Deletes dead-lettered jobs, all of them or those finished before <paramref name="finishedBefore"/>. Returns how many.</summary>
    Task<int> PurgeDeadLetteredAsync(DateTimeOffset? finishedBefore = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes finished jobs (succeeded, dead-lettered, cancelled) that finished before the given time. Returns how many.</summary>
    Task<int> DeleteFinishedAsync(DateTimeOffset finishedBefore, CancellationToken cancellationToken = default);
}

/// <summary>What became of an action on one job.</summary>
public enum JobActionStatus
{
    /// <summary>Done.</summary>
    Done,
    /// <summary>No job has that id.</summary>
    NotFound,
    /// <summary>The job's state does not allow the action; see the reason.</summary>
    Conflict,
}

/// <summary>The result of an action on one job.</summary>
/// <param name="Status">Whether it was done.</param>
/// <param name="State">The job's state afterwards (or as found, on a conflict).</param>
/// <param name="Reason">Why it could not be done, for a conflict.</param>
public readonly record struct JobActionResult(JobActionStatus Status, JobState? State = null, string? Reason = null)
{
    /// <summary>Whether the action was done.</summary>
    public bool Succeeded => Status == JobActionStatus.Done;
}
