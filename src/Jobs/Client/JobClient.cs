using Jobs.Configuration;
using Jobs.Handlers;
using Jobs.Metrics;
using Jobs.Model;
using Jobs.Processing;
using Jobs.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jobs.Client;

/// <summary>The engine's front door: validates, commits, and hands jobs straight to local workers.</summary>
internal sealed class JobClient(
    IJobStore store,
    JobRequestValidator validator,
    JobTypeRegistry types,
    JobDispatcher dispatcher,
    RunningJobRegistry running,
    JobWorkerPool pool,
    NodeIdentity node,
    JobsMeter meter,
    TimeProvider time,
    IOptions<JobEngineOptions> options,
    ILogger<JobClient> logger) : IJobClient
{
    /// <summary>How many ready jobs this node takes into memory at enqueue; beyond it, jobs wait in the store for the claimer.</summary>
    internal const int LocalBacklogLimit = 10_000;

    private readonly JobEngineOptions _options = options.Value;

    public async Task<EnqueueResult> EnqueueAsync(JobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var results = await EnqueueBatchAsync([request], cancellationToken).ConfigureAwait(false);
        return results[0];
    }

    public async Task<IReadOnlyList<EnqueueResult>> EnqueueBatchAsync(IReadOnlyList<JobRequest> requests, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var (jobs, order) = validator.Validate(requests, now);
        var local = pool.IsRunning;
        // On a store other nodes share, keep only what the workers start soon: the rest is claimable by idle nodes at once.
        var room = (store.SharedByNodes ? dispatcher.LowWaterMark : LocalBacklogLimit) - dispatcher.ReadyCount;
        foreach (var job in jobs)
        {
            job.OwnLocally = local && room-- > 0;
        }

        var nowMs = now.ToUnixTimeMilliseconds();
        List<JobTicket>? early = null;
        foreach (var job in jobs)
        {
            // Reserved ids keep this process's jobs numbered in enqueue order, early or not.
            if (store.TryReserveJobId(out var id))
            {
                job.ReservedId = id;
                if (job.OwnLocally && CanStartEarly(job))
                {
                    job.Id = id;
                    job.EarlyStart = new EarlyStart();
                }
            }
        }

        // Posted before the early tickets reach a worker: every write a running job makes (its outcome, progress, logs)
        // then queues behind its insert.
        var insert = store.InsertAsync(jobs, node.Owner, nowMs + (long)_options.LeaseDuration.TotalMilliseconds, cancellationToken);
        foreach (var job in jobs)
        {
            if (job.EarlyStart is not null)
            {
                (early ??= []).Add(Ticket(job, leaseVersion: 1, nowMs));
            }
        }

        if (early is not null)
        {
            dispatcher.AddRange(early);
        }

        try
        {
            await insert.ConfigureAwait(false);
        }
        catch (Exception ex) when (early is not null)
        {
            // Not stored: those that have not started yet never will; one that did has run (see EarlyStart).
            var ran = early.Count(ticket => !dispatcher.TryRemove(ticket.Id));
            if (ran > 0)
            {
                logger.LogWarning(ex, "{Count} job(s) started before their insert, which then failed: they ran although their enqueue fails", ran);
            }

            throw;
        }

        List<JobTicket>? tickets = null;
        foreach (var job in jobs)
        {
            if (job.Owned && !job.Existing && job.EarlyStart is null)
            {
                (tickets ??= []).Add(Ticket(job, job.LeaseVersion, nowMs));
            }
        }

        if (tickets is not null)
        {
            dispatcher.AddRange(tickets);
        }

        foreach (var job in jobs)
        {
            if (!job.Existing)
            {
                meter.Enqueued(job.Type);
            }
        }

        var results = new EnqueueResult[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            var job = jobs[order[i]];
            results[i] = new EnqueueResult(job.Id, job.State, job.Existing);
        }

        return results;
    }

    /// <summary>Whether a job may run before its insert commits: only when nothing the insert decides can stop it from running now.</summary>
    /// <remarks>A unique key may make it a duplicate, a dependency may make it wait, a run-at delays it: those are decided
    /// inside the insert. Nor does a handler with life-cycle hooks start early: its start hook may read the job's own row,
    /// which does not exist until the insert commits.</remarks>
    private bool CanStartEarly(NewJob job) =>
        _options.EarlyStart && pool.IsRunning && job.UniqueKey is null && job.DependsOn.Count == 0 && job.RunAtMs is null
        && types.TryGet(job.Type, out var descriptor) && !descriptor.HasLifecycleHooks;

    private JobTicket Ticket(NewJob job, long leaseVersion, long nowMs) => new()
    {
        Id = job.Id,
        Type = job.Type,
        Queue = job.Queue,
        Priority = job.Priority,
        Arguments = job.Arguments,
        Attempt = 0,
        RetryCount = 0,
        Retry = new Retries.RetryPolicy(job.MaxRetries, TimeSpan.FromMilliseconds(job.RetryDelayMs), job.RetryBackoff, job.RetryJitter, _options.MaxRetryDelay),
        Timeout = job.TimeoutMs is { } t ? TimeSpan.FromMilliseconds(t) : null,
        Tags = job.Tags,
        Metadata = job.Metadata ?? JobTicket.EmptyMetadata,
        LeaseVersion = leaseVersion,
        CreatedAtMs = nowMs,
        EarlyStart = job.EarlyStart,
    };

    public async Task<JobActionResult> CancelAsync(long jobId, string? reason = null, CancellationToken cancellationToken = default)
    {
        if (running.TryGet(jobId, out var job))
        {
            job.Stop(StopReason.Cancelled, reason ?? "Cancelled by a user while running.");
            return new JobActionResult(JobActionStatus.Done, JobState.Processing, "Cancellation requested; the job stops at its next check of its token.");
        }

        // Taken out of the local queue first, so no worker can start it while the store marks it cancelled.
        dispatcher.TryRemove(jobId);
        return await store.CancelAsync(jobId, reason, cancellationToken).ConfigureAwait(false);
    }

    public Task<JobActionResult> RetryAsync(long jobId, CancellationToken cancellationToken = default) =>
        store.RetryAsync(jobId, cancellationToken);

    public Task<JobActionResult> DeleteAsync(long jobId, CancellationToken cancellationToken = default) =>
        store.DeleteAsync(jobId, cancellationToken);

    public Task<int> RetryDeadLetteredAsync(IReadOnlyCollection<long>? jobIds, CancellationToken cancellationToken = default) =>
        store.RetryDeadLetteredAsync(jobIds, cancellationToken);

    public Task<int> PurgeDeadLetteredAsync(DateTimeOffset? finishedBefore = null, CancellationToken cancellationToken = default) =>
        store.DeleteFinishedAsync([JobState.DeadLettered], (finishedBefore ?? DateTimeOffset.MaxValue.AddDays(-1)).ToUnixTimeMilliseconds(), cancellationToken);

    public Task<int> DeleteFinishedAsync(DateTimeOffset finishedBefore, CancellationToken cancellationToken = default) =>
        store.DeleteFinishedAsync([JobState.Succeeded, JobState.DeadLettered, JobState.Cancelled], finishedBefore.ToUnixTimeMilliseconds(), cancellationToken);
}
