namespace Jobs.Model;

/// <summary>One engine process (node) that shares the store, as its heartbeat last described it.</summary>
public sealed record NodeInfo
{
    /// <summary>The node's lease owner: name, process id and a per-start suffix; unique per process start.</summary>
    public required string Owner { get; init; }

    /// <summary>The configured node name (<c>JobEngine:NodeName</c>, defaulting to the machine name).</summary>
    public required string Name { get; init; }

    /// <summary>The machine the node runs on.</summary>
    public required string Host { get; init; }

    /// <summary>The node's operating-system process id.</summary>
    public required int ProcessId { get; init; }

    /// <summary>How many jobs the node runs at once.</summary>
    public required int Workers { get; init; }

    /// <summary>How many jobs the node was running at its last heartbeat.</summary>
    public required int Running { get; init; }

    /// <summary>When the node started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The node's last heartbeat.</summary>
    public required DateTimeOffset LastHeartbeat { get; init; }

    /// <summary>True when the heartbeat is older than the lease duration: the node died or lost the database, and its jobs run elsewhere.</summary>
    public required bool Gone { get; init; }
}
