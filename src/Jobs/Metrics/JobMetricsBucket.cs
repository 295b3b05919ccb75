namespace Jobs.Metrics;

/// <summary>The aggregates of one job type (or all types, <see cref="JobMetricSeries.AllTypes"/>) over one bucket.</summary>
internal sealed record JobMetricsBucket(string JobType, long Runs, double? FailureRate, double? DurationMeanMs, double? DurationP95Ms, double? QueueWaitMeanMs);

/// <summary>Computes per-type job aggregates for a time range with SQL aggregates (nothing is loaded per job).</summary>
internal interface IJobMetricsSource
{
    /// <summary>The aggregates of jobs that finished in [<paramref name="fromMs"/>, <paramref name="toMs"/>), per type and for all types.</summary>
    Task<IReadOnlyList<JobMetricsBucket>> AggregateAsync(long fromMs, long toMs, CancellationToken cancellationToken);
}
