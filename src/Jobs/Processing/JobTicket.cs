using Jobs.Model;
using Jobs.Retries;

namespace Jobs.Processing;

/// <summary>A job this node owns: queued in memory for a worker, or running.</summary>
/// <remarks>
/// Built from the enqueue request (a job enqueued here) or from a claimed row (delayed, retried,
/// written by another process). <see cref="LeaseVersion"/> fences every write: when another node
/// re-claims the job after our lease expired, our late writes match no row and are dropped.
/// </remarks>
internal sealed class JobTicket
{
    public required long Id { get; init; }
    public required string Type { get; init; }
    public required string Queue { get; init; }
    public required JobPriority Priority { get; init; }
    public string? Arguments { get; init; }
    public required int Attempt { get; set; }
    public required int RetryCount { get; init; }
    public required RetryPolicy Retry { get; init; }
    public TimeSpan? Timeout { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = EmptyMetadata;
    public required long LeaseVersion { get; init; }

    /// <summary>The state the stored row is in; only the store's writer changes it.</summary>
    public JobState StoredState { get; set; } = JobState.Enqueued;

    /// <summary>When the job was enqueued (Unix ms); 0 when not known.</summary>
    /// <remarks>Only for the <c>jobs.queue_wait</c> histogram of the first attempt.</remarks>
    public long CreatedAtMs { get; init; }

    /// <summary>Set while the job may be running before its insert committed; see <see cref="Storage.EarlyStart"/>.</summary>
    public Storage.EarlyStart? EarlyStart { get; init; }

    /// <summary>When the current attempt started (Unix ms).</summary>
    public long StartedAtMs { get; set; }

    /// <summary>Set once the progress flusher has asked the store to mark this attempt Processing.</summary>
    public bool ProcessingMarkPosted { get; set; }

    /// <summary>Set once the attempt's outcome is decided; lets the writer skip a Processing write that a completion overtook.</summary>
    public volatile bool Finished;

    /// <summary>The running attempt, while a worker runs it.</summary>
    public RunningJob? Running { get; set; }

    internal static readonly IReadOnlyDictionary<string, string> EmptyMetadata = new Dictionary<string, string>();
}
