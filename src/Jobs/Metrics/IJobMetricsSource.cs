namespace Jobs.Metrics;

/// <summary>The aggregates of the jobs of one type (or of every type) that finished in one interval.</summary>
/// <param name="BucketStartMs">The interval's start (Unix ms).</param>
/// <param name="JobType">The job type, or <see cref="JobMetricSeries.AllTypes"/> for the totals.</param>
/// <param name="Finished">Jobs that finished: succeeded, dead-lettered or cancelled.</param>
/// <param name="Succeeded">Jobs that succeeded.</param>
/// <param name="DeadLettered">Jobs that failed for good (retries exhausted or a permanent error).</param>
/// <param name="Cancelled">Jobs that were cancelled.</param>
/// <param name="DurationMeanMs">Mean run time of the last attempt over succeeded and dead-lettered jobs; null with none.</param>
/// <param name="DurationP95Ms">Nearest-rank 95th percentile of the same run times.</param>
/// <param name="DurationP99Ms">Nearest-rank 99th percentile of the same run times.</param>
/// <param name="QueueWaitMeanMs">Mean enqueue-to-start time of jobs that ran once; null with none.</param>
internal sealed record JobAggregate(
    long BucketStartMs,
    string JobType,
    long Finished,
    long Succeeded,
    long DeadLettered,
    long Cancelled,
    double? DurationMeanMs,
    double? DurationP95Ms,
    double? DurationP99Ms,
    double? QueueWaitMeanMs)
{
    /// <summary>Dead-lettered / (succeeded + dead-lettered); null when none completed.</summary>
    public double? FailureRate => Succeeded + DeadLettered == 0 ? null : (double)DeadLettered / (Succeeded + DeadLettered);

    /// <summary>Succeeded / (succeeded + dead-lettered); null when none completed. Cancelled jobs count for neither.</summary>
    public double? SuccessRate => Succeeded + DeadLettered == 0 ? null : (double)Succeeded / (Succeeded + DeadLettered);
}

/// <summary>Which rows an aggregation returns.</summary>
/// <remarks>Each grouping costs a sort of the range's run times for the percentiles, so a caller asks only for what it shows.</remarks>
internal enum JobGrouping
{
    /// <summary>Only the totals (<see cref="JobMetricSeries.AllTypes"/>); with a type filter, that type's totals.</summary>
    Total,

    /// <summary>Only one row per job type.</summary>
    ByType,

    /// <summary>Both: per type and the totals.</summary>
    Both,
}

/// <summary>
/// The one aggregation path over finished jobs, shared by the metric series recorder, the metrics page's charts and
/// its per-type table: SQL aggregates grouped by interval and type, nothing loaded per job.
/// </summary>
internal interface IJobMetricsSource
{
    /// <summary>
    /// The aggregates of jobs that finished in [<paramref name="fromMs"/>, <paramref name="toMs"/>), in intervals of
    /// <paramref name="stepMs"/> starting at <paramref name="fromMs"/>, per type and/or for all types
    /// (<see cref="JobMetricSeries.AllTypes"/>) as <paramref name="grouping"/> says. Intervals and types with no finished job are absent.
    /// </summary>
    /// <param name="fromMs">Start, inclusive (Unix ms).</param>
    /// <param name="toMs">End, exclusive (Unix ms).</param>
    /// <param name="stepMs">Interval length; <c>toMs - fromMs</c> for a single interval.</param>
    /// <param name="jobType">Only this type (its rows and the totals then agree), or null for every type.</param>
    /// <param name="grouping">Totals, per-type rows, or both.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<IReadOnlyList<JobAggregate>> AggregateAsync(long fromMs, long toMs, long stepMs, string? jobType, JobGrouping grouping, CancellationToken cancellationToken);
}
