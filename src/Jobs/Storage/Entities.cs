namespace Jobs.Storage;

// The stored shape of the engine's tables. Times are Unix milliseconds (UTC): compact, index-friendly,
// and identical in SQLite and PostgreSQL. History and attempts are JSON columns on the job row, so
// the hot path writes one row per transition instead of one row per history entry.

/// <summary>A row of <c>jobs</c>.</summary>
internal sealed class JobEntity
{
    public long Id { get; set; }
    public string Type { get; set; } = "";
    public string Queue { get; set; } = "";
    public int Priority { get; set; }
    public int State { get; set; }
    public string? Arguments { get; set; }
    public string? Result { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
    public long? RunAt { get; set; }
    public long? StartedAt { get; set; }
    public long? FinishedAt { get; set; }
    public int Attempt { get; set; }
    public int RetryCount { get; set; }
    public int MaxRetries { get; set; }
    public long RetryDelayMs { get; set; }
    public double RetryBackoff { get; set; }
    public bool RetryJitter { get; set; }
    public long? TimeoutMs { get; set; }
    public string? Owner { get; set; }
    public long? LeaseUntil { get; set; }
    public long LeaseVersion { get; set; }
    public bool CancelRequested { get; set; }
    public string? UniqueKey { get; set; }
    public string? Tags { get; set; }
    public string? Metadata { get; set; }
    public double? Progress { get; set; }
    public string? ProgressMessage { get; set; }
    public long? ProgressCurrent { get; set; }
    public long? ProgressTotal { get; set; }
    public string? LastErrorType { get; set; }
    public string? LastErrorMessage { get; set; }
    public string? Reason { get; set; }
    public string History { get; set; } = "[]";
    public string Attempts { get; set; } = "[]";
}

/// <summary>A row of <c>job_tags</c>: one per tag, for paging by tag.</summary>
internal sealed class JobTagEntity
{
    public string Tag { get; set; } = "";
    public long JobId { get; set; }
}

/// <summary>A row of <c>job_dependencies</c>: the child waits for the parent.</summary>
internal sealed class JobDependencyEntity
{
    public long ChildId { get; set; }
    public long ParentId { get; set; }
    public int Condition { get; set; }
}

/// <summary>A row of <c>job_logs</c>.</summary>
internal sealed class JobLogEntity
{
    public long Id { get; set; }
    public long JobId { get; set; }
    public int Attempt { get; set; }
    public long At { get; set; }
    public int Level { get; set; }
    public string Message { get; set; } = "";
}

/// <summary>A row of <c>job_state_counts</c>: kept in step by every write, so counts never scan the jobs table.</summary>
internal sealed class JobStateCountEntity
{
    public int State { get; set; }
    public long Count { get; set; }
}

/// <summary>A row of <c>nodes</c>: one per running engine process, refreshed by its heartbeat.</summary>
/// <remarks>Keyed by the lease owner (unique per process start), so a restarted node is a new row and the dead one turns stale.</remarks>
internal sealed class NodeEntity
{
    public string Owner { get; set; } = "";
    public string Name { get; set; } = "";
    public string Host { get; set; } = "";
    public int ProcessId { get; set; }
    public int Workers { get; set; }
    public int Running { get; set; }
    public long StartedAt { get; set; }
    public long LastHeartbeat { get; set; }
}

/// <summary>A row of <c>series</c>: one named time series (engine metrics such as <c>jobs.etl.runs</c>, or data such as <c>risk_index</c>).</summary>
internal sealed class SeriesEntity
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public long CreatedAt { get; set; }
}

/// <summary>A row of <c>series_points</c>: one value per series and timestamp (Unix ms), so appends are upserts.</summary>
internal sealed class SeriesPointEntity
{
    public long SeriesId { get; set; }
    public long Timestamp { get; set; }
    public double Value { get; set; }
}

/// <summary>A row of <c>anomalies</c>: a flagged point, at most one per series and timestamp.</summary>
internal sealed class AnomalyEntity
{
    public long Id { get; set; }
    public long SeriesId { get; set; }
    public long Timestamp { get; set; }
    public double Value { get; set; }
    public double? Expected { get; set; }
    public double Score { get; set; }
    public string Methods { get; set; } = "";
    public int Severity { get; set; }
    public long DetectedAt { get; set; }
    public long? JobId { get; set; }
}
