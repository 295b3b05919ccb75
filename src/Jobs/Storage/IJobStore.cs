using Jobs.Client;
using Jobs.Model;
using Jobs.Processing;

namespace Jobs.Storage;

/// <summary>The durable store behind the engine: one implementation per database.</summary>
/// <remarks>
/// Writes are group-committed: many callers' writes share one transaction, and each awaiting call
/// returns once its write is committed. Worker writes are fenced by the ticket's lease version.
/// Writes take their time from the batch they commit in, so no write carries a clock of its own.
/// </remarks>
internal interface IJobStore : IAsyncDisposable
{
    /// <summary>Creates or migrates the schema and checks the store is writable.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Throws when the store can't be reached.</summary>
    Task PingAsync(CancellationToken cancellationToken);

    /// <summary>Inserts a batch atomically (unique keys, dependencies and their states resolved inside the transaction).</summary>
    /// <exception cref="JobValidationException">When a dependency names no stored job.</exception>
    Task InsertAsync(IReadOnlyList<NewJob> jobs, string owner, long leaseUntilMs, CancellationToken cancellationToken);

    /// <summary>
    /// Takes an id reserved for this node's next job: it lets the job start before its insert commits (see
    /// <see cref="EarlyStart"/>) and keeps the node's jobs numbered in enqueue order. False when the store has none at
    /// hand, or reserves none (PostgreSQL, and a process that runs no workers): the database numbers the job.
    /// </summary>
    bool TryReserveJobId(out long id);

    /// <summary>Records that these tickets are running. Fire-and-forget: a ticket whose completion overtook it is skipped.</summary>
    void MarkProcessing(IReadOnlyList<JobTicket> tickets);

    /// <summary>Writes an attempt's outcome. False when the lease was lost (another node owns the job now).</summary>
    Task<bool> CompleteAsync(JobTicket ticket, JobOutcome outcome, CancellationToken cancellationToken);

    /// <summary>Stores progress snapshots of running jobs. Fire-and-forget.</summary>
    void SaveProgress(IReadOnlyList<(JobTicket Ticket, JobProgress Progress)> snapshots);

    /// <summary>Appends log lines of running jobs. Fire-and-forget.</summary>
    void AppendLogs(IReadOnlyList<(long JobId, JobLogLine Line)> lines);

    /// <summary>Takes ownership of up to <paramref name="max"/> runnable jobs: due delayed jobs and retries, unowned queued jobs, and jobs whose lease expired.</summary>
    Task<IReadOnlyList<JobTicket>> ClaimAsync(string owner, long leaseUntilMs, int max, CancellationToken cancellationToken);

    /// <summary>True when other nodes run jobs from this store (PostgreSQL): a node then takes only what its workers start soon.</summary>
    /// <remarks>
    /// On a store one process owns (SQLite) a node keeps a large backlog in memory, which amortizes claims; on a shared
    /// one the backlog would be work an idle node can't have, so enqueues and claims keep it to a few jobs per worker.
    /// </remarks>
    bool SharedByNodes { get; }

    /// <summary>Extends the lease of every job <paramref name="owner"/> holds.</summary>
    Task RenewLeasesAsync(string owner, long leaseUntilMs, CancellationToken cancellationToken);

    /// <summary>Gives back every job <paramref name="owner"/> holds that has not finished (graceful shutdown): they become claimable at once.</summary>
    Task<int> ReleaseAsync(string owner, CancellationToken cancellationToken);

    /// <summary>Writes this node's row of the <c>nodes</c> table (its heartbeat), so every node and the dashboard see who is alive.</summary>
    Task HeartbeatAsync(NodeHeartbeat heartbeat, CancellationToken cancellationToken);

    /// <summary>Removes this node's row on a graceful stop (and forgets nodes gone for a day).</summary>
    Task LeaveAsync(string owner, CancellationToken cancellationToken);

    /// <summary>The ids of jobs held by <paramref name="owner"/> that another process asked to cancel.</summary>
    Task<IReadOnlyList<long>> GetCancelRequestsAsync(string owner, CancellationToken cancellationToken);

    /// <summary>The earliest time a claim pass finds work that no write will announce: the run-at of a delayed job or retry,
    /// or just after the lease of a job held by another node runs out, if any.</summary>
    /// <remarks>A node that died writes nothing, so its expiring leases must wake the claimer like any due time.</remarks>
    Task<long?> GetNextDueAsync(CancellationToken cancellationToken);

    /// <summary>A cheap token that changes whenever another connection or process commits (SQLite's data_version; on PostgreSQL, notifications received from other nodes).</summary>
    Task<long> GetChangeTokenAsync(CancellationToken cancellationToken);

    /// <summary>Cancels a job that is not running here. A job held by a live owner gets a cancel request instead.</summary>
    Task<JobActionResult> CancelAsync(long jobId, string? reason, CancellationToken cancellationToken);

    /// <summary>Puts a failed, dead-lettered or cancelled job back in the queue with its retry count reset.</summary>
    Task<JobActionResult> RetryAsync(long jobId, CancellationToken cancellationToken);

    /// <summary>Deletes a finished job.</summary>
    Task<JobActionResult> DeleteAsync(long jobId, CancellationToken cancellationToken);

    /// <summary>Retries dead-lettered jobs (the given ones, or all). Returns how many.</summary>
    Task<int> RetryDeadLetteredAsync(IReadOnlyCollection<long>? jobIds, CancellationToken cancellationToken);

    /// <summary>Deletes finished jobs in <paramref name="states"/> that finished before the cut-off. Returns how many.</summary>
    Task<int> DeleteFinishedAsync(IReadOnlyCollection<JobState> states, long finishedBeforeMs, CancellationToken cancellationToken);

    /// <summary>The read side.</summary>
    IJobQueries Queries { get; }

    /// <summary>Raised after a commit that made work claimable: ready jobs nobody holds, or delayed jobs and retries.</summary>
    /// <remarks>The argument is the earliest run-at the commit wrote, or null when it only made jobs ready now; the claimer
    /// keeps its next due time from it instead of asking the store.</remarks>
    event Action<long?>? WorkAvailable;
}
