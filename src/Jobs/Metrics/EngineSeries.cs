namespace Jobs.Metrics;

/// <summary>Names of the series the engine's sampler appends once per <c>Metrics:PersistInterval</c> (five minutes).</summary>
/// <remarks>
/// Queue depth can't be recomputed afterwards from the jobs table (a job's row says when it finished, not how long a
/// queue was at 10:15), so it is sampled: the store's count of ready jobs (every node's, every type), read from the
/// per-state counters that every write keeps, which costs one tiny query however long the queue is. Process figures are
/// per node, so their names carry the node (<c>JobEngine:NodeName</c>).
/// </remarks>
public static class EngineSeries
{
    /// <summary>Jobs ready to run and waiting for a worker (state Enqueued), over every type and node.</summary>
    public const string QueueDepth = "jobs.all.queue_depth";

    /// <summary>Busy workers / workers of the node, 0 to 1.</summary>
    public const string WorkerUtilisation = "worker_utilisation";

    /// <summary>The process's CPU use, in percent of the whole machine (0 to 100).</summary>
    public const string CpuPercent = "cpu_percent";

    /// <summary>The process's working set in MiB.</summary>
    public const string WorkingSetMiB = "working_set_mib";

    /// <summary>The series name of a node's process figure: <c>nodes.&lt;node&gt;.&lt;metric&gt;</c>.</summary>
    public static string Node(string node, string metric) => $"nodes.{node}.{metric}";
}
