namespace Jobs.Model;

/// <summary>A job as one row of a list: what the job list and the API's list show.</summary>
public sealed record JobSummary
{
    public required long Id { get; init; }
    public required string Type { get; init; }
    public required string Queue { get; init; }
    public required JobPriority Priority { get; init; }
    public required JobState State { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? RunAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public int Attempt { get; init; }
    public int MaxRetries { get; init; }
    public JobProgress? Progress { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    /// <summary>The last error's type and message, for failed and dead-lettered jobs.</summary>
    public string? LastErrorType { get; init; }
    public string? LastErrorMessage { get; init; }
    /// <summary>Why the job is in its state, where the state has a reason (cancelled, waiting for a retry).</summary>
    public string? Reason { get; init; }
}
