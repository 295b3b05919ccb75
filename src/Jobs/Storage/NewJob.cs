using Jobs.Model;

namespace Jobs.Storage;

/// <summary>A validated, normalized job request, ready to insert. Every default is filled in.</summary>
internal sealed class NewJob
{
    public required string Type { get; init; }
    public required string Queue { get; init; }
    public required JobPriority Priority { get; init; }
    public required string Arguments { get; init; }
    public long? RunAtMs { get; init; }
    public required int MaxRetries { get; init; }
    public required long RetryDelayMs { get; init; }
    public required double RetryBackoff { get; init; }
    public required bool RetryJitter { get; init; }
    public long? TimeoutMs { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public string? UniqueKey { get; init; }
    /// <summary>The parents; batch indexes point into the parents-first list the writer receives.</summary>
    public IReadOnlyList<NewDependency> DependsOn { get; set; } = [];

    /// <summary>Whether this node may take the job straight into its in-memory queue (set by the client).</summary>
    public bool OwnLocally { get; set; }

    /// <summary>An id the store reserved for this job (see <see cref="IJobStore.TryReserveJobId"/>); null lets the database choose.</summary>
    public long? ReservedId { get; set; }

    /// <summary>Set when the job (which has a <see cref="ReservedId"/>) may run before its insert commits.</summary>
    public EarlyStart? EarlyStart { get; set; }

    // Set by the writer.
    public long Id { get; set; }
    public JobState State { get; set; }
    public bool Existing { get; set; }
    public long LeaseVersion { get; set; }
    public bool Owned { get; set; }
}

/// <summary>A dependency edge to a stored job (<see cref="ParentId"/>) or to another job of the batch (<see cref="BatchIndex"/>).</summary>
internal readonly record struct NewDependency(long? ParentId, int? BatchIndex, DependencyCondition Condition);
