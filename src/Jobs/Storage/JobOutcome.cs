using Jobs.Model;

namespace Jobs.Storage;

/// <summary>How an attempt ended, as written by the worker's completion.</summary>
internal sealed class JobOutcome
{
    /// <summary>Succeeded, Failed (retry at <see cref="RunAtMs"/>), DeadLettered, Cancelled, or Enqueued (requeued at shutdown).</summary>
    public required JobState State { get; init; }
    public required long AtMs { get; init; }
    public long? RunAtMs { get; init; }
    public int RetryCount { get; init; }
    public string? Result { get; init; }
    public JobError? Error { get; init; }
    public string? Reason { get; init; }
    public JobProgress? Progress { get; init; }
}
