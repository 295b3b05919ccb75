namespace Jobs.Model;

/// <summary>Everything stored about one job: what the detail page and <c>GET /api/jobs/{id}</c> show.</summary>
public sealed record JobDetails
{
    public required JobSummary Summary { get; init; }
    public string? Arguments { get; init; }
    public string? Result { get; init; }
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    public string? UniqueKey { get; init; }
    public TimeSpan? Timeout { get; init; }
    public IReadOnlyList<JobHistoryEntry> History { get; init; } = [];
    public IReadOnlyList<JobAttempt> Attempts { get; init; } = [];
    public IReadOnlyList<JobLogLine> Logs { get; init; } = [];
    /// <summary>The jobs this one waits for, with the condition of each edge and the parent's state.</summary>
    public IReadOnlyList<JobLink> DependsOn { get; init; } = [];
    /// <summary>The jobs that wait for this one.</summary>
    public IReadOnlyList<JobLink> Dependents { get; init; } = [];
    /// <summary>The node that owns it while it is queued or running here.</summary>
    public string? Owner { get; init; }
}

/// <summary>A dependency edge as seen from one end.</summary>
public sealed record JobLink(long JobId, string Type, JobState State, DependencyCondition Condition);
