using Jobs.Model;

namespace Jobs.Client;

/// <summary>Reads jobs for the dashboard, the API and the CLI. Every query is indexed; none loads all jobs.</summary>
public interface IJobQueries
{
    /// <summary>One job with its history, attempts, logs and dependencies; null when there is none.</summary>
    Task<JobDetails?> GetAsync(long jobId, CancellationToken cancellationToken = default);

    /// <summary>A page of jobs, newest first, with keyset paging.</summary>
    /// <param name="filter">Which jobs.</param>
    /// <param name="cursor">The <see cref="JobPage.NextCursor"/> of the previous page, or null for the first.</param>
    /// <param name="limit">Page size, 1 to 500.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<JobPage> ListAsync(JobFilter filter, string? cursor = null, int limit = 50, CancellationToken cancellationToken = default);

    /// <summary>How many jobs are in each state (every state present, zero included).</summary>
    Task<IReadOnlyDictionary<JobState, long>> CountByStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Dead-lettered jobs grouped by job type and error type, with counts.</summary>
    Task<IReadOnlyList<DeadLetterGroup>> DeadLetterGroupsAsync(CancellationToken cancellationToken = default);

    /// <summary>The store's side of the dashboard's health view: ready jobs per queue, the oldest ready job, and what finished since <paramref name="since"/>.</summary>
    /// <remarks>Workers busy and idle are not stored; they come from <see cref="Processing.IWorkerPoolStatus"/> of this process.</remarks>
    Task<QueueOverview> GetQueueOverviewAsync(DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>The engine processes (nodes) sharing this store, by name, with the ones whose heartbeat stopped marked <see cref="NodeInfo.Gone"/>.</summary>
    /// <remarks>For the dashboard's nodes page. A node that stopped gracefully removes its row; a crashed one stays, marked gone, until retention removes it.</remarks>
    Task<IReadOnlyList<NodeInfo>> ListNodesAsync(CancellationToken cancellationToken = default);
}

/// <summary>How the queues stand: what waits and what finished recently.</summary>
/// <param name="ReadyByQueue">Jobs ready to run (enqueued) per queue; queues with none are left out.</param>
/// <param name="OldestReadySince">Since when the longest-waiting ready job has been runnable; null when none waits.</param>
/// <param name="Since">The start of the recent window the next two counts cover.</param>
/// <param name="SucceededSince">Jobs that succeeded since <paramref name="Since"/>.</param>
/// <param name="DeadLetteredSince">Jobs that were dead-lettered (failed for good) since <paramref name="Since"/>.</param>
/// <param name="CancelledSince">Jobs that were cancelled since <paramref name="Since"/>.</param>
public sealed record QueueOverview(
    IReadOnlyDictionary<string, long> ReadyByQueue,
    DateTimeOffset? OldestReadySince,
    DateTimeOffset Since,
    long SucceededSince,
    long DeadLetteredSince,
    long CancelledSince);

/// <summary>A group of dead-lettered jobs that failed alike.</summary>
public sealed record DeadLetterGroup(string JobType, string? ErrorType, long Count, DateTimeOffset LastFailedAt, string? SampleMessage);
