namespace Jobs.Storage;

/// <summary>
/// A job that may start before its insert is committed, and whose outcome may then be written by that same insert.
/// </summary>
/// <remarks>
/// <para>
/// A plain fire-and-forget job enqueued on a node with running workers gets an id reserved by the store and goes to a
/// worker at once; its insert waits in the writer's queue meanwhile. Whoever comes first decides how the row is
/// written: when the writer reaches the insert first, it writes the job Enqueued (owned by this node) and the outcome
/// follows as an ordinary completion; when the worker finishes first, the insert writes the job straight in its final
/// state, so a short job costs one row write and one set of index entries instead of two.
/// </para>
/// <para>
/// The enqueue still returns only after that commit, so a job whose enqueue returned is durable, as always. What
/// changes is the other direction: when the commit fails (a full disk) or the process dies before it, the job may
/// already have run although its enqueue failed or never returned; at-least-once callers retry such enqueues, and
/// jobs that must not run twice carry a unique key, which opts them out of the early start.
/// </para>
/// </remarks>
internal sealed class EarlyStart
{
    private const int Waiting = 0;
    private const int Inserting = 1;
    private const int Finished = 2;

    private int _state;

    /// <summary>Completes when the insert's batch commits (true), or fails with it.</summary>
    public Task<bool> Stored { get; set; } = null!;

    /// <summary>The outcome the worker left for the insert, once it finished first.</summary>
    public JobOutcome? Outcome { get; private set; }

    /// <summary>When the job was enqueued (Unix ms): the client's clock at the enqueue call.</summary>
    public long CreatedAtMs { get; private set; }

    /// <summary>When the attempt started (Unix ms).</summary>
    public long StartedAtMs { get; private set; }

    /// <summary>The row's whole <c>history</c> column: Enqueued, Processing and the outcome's entry.</summary>
    public string? History { get; private set; }

    /// <summary>The row's whole <c>attempts</c> column.</summary>
    public string? Attempts { get; private set; }

    /// <summary>Called by the writer as it inserts the row: true when the worker finished first and the row is written final.</summary>
    /// <remarks>Idempotent: a batch retried op by op inserts again and gets the same answer.</remarks>
    public bool TakeForInsert()
    {
        Interlocked.CompareExchange(ref _state, Inserting, Waiting);
        return Merged;
    }

    /// <summary>True once the worker's outcome was handed to the insert (<see cref="TryFinish"/> returned true).</summary>
    public bool Merged => Volatile.Read(ref _state) == Finished;

    /// <summary>Called by the worker with its outcome: true when the insert will write it (nothing else to write).</summary>
    /// <remarks>The columns' JSON is built here, on the worker, so the single writer only binds it.</remarks>
    public bool TryFinish(Processing.JobTicket ticket, JobOutcome outcome, OutcomeJson json)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(json);
        if (Volatile.Read(ref _state) != Waiting)
        {
            // The writer took the insert already: the outcome is an ordinary completion, so the columns need not be built.
            return false;
        }

        StartedAtMs = ticket.StartedAtMs;
        CreatedAtMs = Math.Min(ticket.CreatedAtMs, ticket.StartedAtMs);
        History = "[" + JsonFragments.History(Model.JobState.Enqueued, CreatedAtMs) + "," + json.Processing + "," + json.Final + "]";
        Attempts = json.Attempt is null ? "[]" : "[" + json.Attempt + "]";
        Outcome = outcome;
        return Interlocked.CompareExchange(ref _state, Finished, Waiting) == Waiting;
    }
}
