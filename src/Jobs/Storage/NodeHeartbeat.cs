namespace Jobs.Storage;

/// <summary>What a node writes to the <c>nodes</c> table with each heartbeat.</summary>
internal sealed record NodeHeartbeat(string Owner, string Name, string Host, int ProcessId, int Workers, int Running, long StartedAtMs);
