namespace Jobs.Metrics;

/// <summary>One interval of the metrics page's charts: jobs that finished in [<see cref="Start"/>, <see cref="End"/>).</summary>
/// <param name="Start">The interval's start.</param>
/// <param name="End">The interval's end (the range's end for a last, shorter interval).</param>
/// <param name="Succeeded">Jobs that succeeded ("processed").</param>
/// <param name="Failed">Jobs that failed for good (dead-lettered). Attempts that failed and will be retried are not finished yet.</param>
/// <param name="Cancelled">Jobs that were cancelled.</param>
/// <param name="SuccessRate">Succeeded / (succeeded + failed), 0 to 1; null when none of those finished.</param>
/// <param name="DurationMeanMs">Mean run time (start to finish of the last attempt) of succeeded and failed jobs; null with none.</param>
/// <param name="DurationP95Ms">Nearest-rank 95th percentile of the same run times.</param>
/// <param name="QueueWaitMeanMs">Mean enqueue-to-start time of the jobs that ran once (a delayed job counts its delay); null with none.</param>
/// <param name="QueueDepthMean">Mean of the queue depth samples taken in the interval (jobs ready and waiting for a worker, over every type): this process's 10-second samples for the last <c>Metrics:History</c>, the stored 5-minute series before; null without samples.</param>
/// <param name="QueueDepthMax">Largest queue depth sample in the interval; null without samples.</param>
public sealed record MetricsInterval(
    DateTimeOffset Start,
    DateTimeOffset End,
    long Succeeded,
    long Failed,
    long Cancelled,
    double? SuccessRate,
    double? DurationMeanMs,
    double? DurationP95Ms,
    double? QueueWaitMeanMs,
    double? QueueDepthMean,
    double? QueueDepthMax);

/// <summary>One row of the metrics page's per-job-type table: the jobs of <see cref="JobType"/> that finished in a range.</summary>
/// <param name="JobType">The job type.</param>
/// <param name="Total">Finished jobs: succeeded + failed + cancelled.</param>
/// <param name="Succeeded">Jobs that succeeded.</param>
/// <param name="Failed">Jobs that failed for good (dead-lettered).</param>
/// <param name="Cancelled">Jobs that were cancelled.</param>
/// <param name="SuccessRate">Succeeded / (succeeded + failed); null when none of those finished.</param>
/// <param name="DurationMeanMs">Mean run time in milliseconds; null with none.</param>
/// <param name="DurationP95Ms">Nearest-rank 95th percentile run time.</param>
/// <param name="DurationP99Ms">Nearest-rank 99th percentile run time.</param>
public sealed record JobTypeMetrics(
    string JobType,
    long Total,
    long Succeeded,
    long Failed,
    long Cancelled,
    double? SuccessRate,
    double? DurationMeanMs,
    double? DurationP95Ms,
    double? DurationP99Ms);

/// <summary>The metrics page's and the API's aggregates over finished jobs, computed by the store (nothing is loaded per job).</summary>
/// <remarks>
/// Jobs are counted in the interval their finish time falls in. The figures are exact for jobs still stored: retention
/// (<c>JobEngine:SucceededRetention</c>, one day by default) deletes older jobs, so for longer look-backs read the hourly
/// <c>jobs.&lt;type&gt;.*</c> series through <see cref="Series.ISeriesStore"/> instead.
/// </remarks>
public interface IMetricsQueries
{
    /// <summary>One <see cref="MetricsInterval"/> per step of <paramref name="range"/>, oldest first, every interval present (zeros included).</summary>
    /// <param name="range">The range and step; validated first.</param>
    /// <param name="jobType">Only this job type, or null for every type. Queue depth is always over every type.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <exception cref="Client.JobValidationException">For a range that can't be charted (see <see cref="MetricsRange.Validate"/>).</exception>
    Task<IReadOnlyList<MetricsInterval>> GetIntervalsAsync(MetricsRange range, string? jobType, CancellationToken cancellationToken);

    /// <summary>Every job type that finished a job in [<paramref name="since"/>, <paramref name="until"/>), by name.</summary>
    /// <exception cref="Client.JobValidationException">When <paramref name="since"/> is not before <paramref name="until"/> (field <c>from</c>).</exception>
    Task<IReadOnlyList<JobTypeMetrics>> GetJobTypesAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken);
}
