using Jobs.Client;
using Jobs.Events;
using Jobs.Model;

namespace Jobs.Dashboard.Api.Admin;

/// <summary>Waits until a job has finished (succeeded, dead-lettered or cancelled) and returns it.</summary>
/// <remarks>
/// Woken by the in-process event stream, and re-reads the store at least once a second, so a job that another
/// node runs (whose events this process never sees) is noticed too. Retries in between are waited out.
/// </remarks>
internal sealed class JobOutcomeAwaiter(IJobQueries queries, IJobEventStream events, TimeProvider time)
{
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(1);

    /// <summary>The finished job, or null when it was deleted first.</summary>
    /// <exception cref="TimeoutException">When it did not finish within <paramref name="timeout"/>.</exception>
    public async Task<JobDetails?> WaitAsync(long jobId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var changed = new SemaphoreSlim(0);
        using var subscription = events.Subscribe(batch =>
        {
            if (batch.Overflowed || batch.Events.Any(e => e.State.IsFinal()))
            {
                changed.Release();
            }

            return Task.CompletedTask;
        }, jobId);

        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            while (true)
            {
                // Read after subscribing: a change between the enqueue and the subscription is still seen here.
                var job = await queries.GetAsync(jobId, linked.Token);
                if (job is null || job.Summary.State.IsFinal())
                {
                    return job;
                }

                await changed.WaitAsync(Recheck, linked.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Job {jobId} did not finish within {timeout}; it keeps running.");
        }
    }
}
