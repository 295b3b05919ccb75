namespace Jobs.Metrics;

/// <summary>
/// Names of the engine's metric series: <c>jobs.&lt;type&gt;.&lt;metric&gt;</c>, and <c>jobs.all.&lt;metric&gt;</c> over every type.
/// </summary>
/// <remarks>
/// One point per bucket of <c>Anomalies:MetricsStep</c> (hourly by default), stamped with the bucket's start, over the
/// jobs that finished in it (succeeded, dead-lettered or cancelled, by finish time):
/// <list type="bullet">
/// <item><c>runs</c>: how many finished (0 for a registered type with none; always written for <c>all</c>).</item>
/// <item><c>failure_rate</c>: dead-lettered / (succeeded + dead-lettered), 0 to 1.</item>
/// <item><c>duration_mean_ms</c>, <c>duration_p95_ms</c>: run time of the last attempt (finish − start), mean and
/// nearest-rank 95th percentile, over succeeded and dead-lettered jobs.</item>
/// <item><c>queue_wait_mean_ms</c>: enqueue to start, over jobs that ran once (a delayed job counts its delay).</item>
/// </list>
/// The last four are left out of a bucket with nothing to measure, rather than written as a misleading 0.
/// </remarks>
public static class JobMetricSeries
{
    /// <summary>The pseudo-type of the totals over every job type.</summary>
    public const string AllTypes = "all";

    /// <summary>Finished jobs.</summary>
    public const string Runs = "runs";

    /// <summary>Dead-lettered share of completed runs.</summary>
    public const string FailureRate = "failure_rate";

    /// <summary>Mean run time in milliseconds.</summary>
    public const string DurationMean = "duration_mean_ms";

    /// <summary>95th-percentile run time in milliseconds.</summary>
    public const string DurationP95 = "duration_p95_ms";

    /// <summary>Mean queue wait in milliseconds.</summary>
    public const string QueueWaitMean = "queue_wait_mean_ms";

    /// <summary>Every metric name.</summary>
    public static IReadOnlyList<string> Metrics { get; } = [Runs, FailureRate, DurationMean, DurationP95, QueueWaitMean];

    /// <summary>The series name of <paramref name="metric"/> for <paramref name="jobType"/> (or <see cref="AllTypes"/>).</summary>
    public static string Name(string jobType, string metric) => $"jobs.{jobType}.{metric}";
}
