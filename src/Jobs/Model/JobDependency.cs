namespace Jobs.Model;

/// <summary>An edge from a job to a parent it waits for.</summary>
/// <remarks>
/// The parent is either a stored job (<see cref="JobId"/>) or another request of the same batch
/// (<see cref="BatchKey"/>), so a whole graph can be enqueued atomically and checked for cycles.
/// </remarks>
public sealed record JobDependency
{
    /// <summary>The id of a stored parent job, or null when <see cref="BatchKey"/> names one.</summary>
    public long? JobId { get; init; }

    /// <summary>The <see cref="JobRequest.BatchKey"/> of a parent in the same enqueue batch.</summary>
    public string? BatchKey { get; init; }

    /// <summary>When the child may run. Defaults to <see cref="DependencyCondition.OnSuccess"/>.</summary>
    public DependencyCondition Condition { get; init; } = DependencyCondition.OnSuccess;

    /// <summary>Depends on a stored job.</summary>
    public static JobDependency On(long jobId, DependencyCondition condition = DependencyCondition.OnSuccess) =>
        new() { JobId = jobId, Condition = condition };

    /// <summary>Depends on another request of the same batch.</summary>
    public static JobDependency OnBatchJob(string batchKey, DependencyCondition condition = DependencyCondition.OnSuccess) =>
        new() { BatchKey = batchKey, Condition = condition };
}
