using Jobs.Anomalies;
using Jobs.Handlers;
using Jobs.Series;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jobs.Metrics;

/// <summary>
/// Appends the engine's metric series (<see cref="JobMetricSeries"/>) once per <c>Anomalies:MetricsStep</c>, for every
/// bucket that has ended since the last one recorded.
/// </summary>
/// <remarks>
/// The last point of <c>jobs.all.runs</c> is the cursor, so a restart fills the buckets it missed (and a first start
/// goes back <c>Anomalies:MetricsBackfill</c>). Buckets are aligned to the step from the Unix epoch (hourly buckets start
/// on the hour, UTC). Recording a bucket twice (two nodes, a retry) writes the same values: appends are upserts.
/// Buckets are recorded only once they have ended, and a job's finish time is the commit time of the write that
/// finished it, so no later write changes a recorded bucket (the retention clean-up only deletes older jobs).
/// </remarks>
internal sealed class JobMetricsRecorder(
    IJobMetricsSource source,
    ISeriesStore series,
    JobTypeRegistry types,
    TimeProvider time,
    IOptions<AnomalyDetectionOptions> options,
    ILogger<JobMetricsRecorder> logger)
{
    /// <summary>Most buckets recorded in one catch-up (a week of hourly buckets).</summary>
    private const int MaxCatchUp = 168;

    // Where this process started recording, for as long as nothing is recorded yet (a zero backfill starts at the
    // current bucket, which has to be remembered until it ends).
    private long? _firstBucket;

    // The start of the bucket that was current when buckets were last recorded (all before it are recorded).
    private long _recordedBefore = long.MinValue;

    // Completed while the loop waits for the next bucket to end (its timer already set); replaced when it wakes.
    private volatile TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the loop is waiting for the next bucket end, with its timer set.</summary>
    /// <remarks>
    /// Tests that move a fake clock wait on this first: a timer set after the clock moved would be set relative to
    /// the new time and fire a whole step late.
    /// </remarks>
    internal Task Idle => _idle.Task;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.RecordMetrics)
        {
            return;
        }

        var stepMs = (long)options.Value.MetricsStep.TotalMilliseconds;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                TimeSpan wait;
                try
                {
                    await RecordDueBucketsAsync(cancellationToken).ConfigureAwait(false);
                    var now = time.GetUtcNow().ToUnixTimeMilliseconds();
                    // A bucket that ended while the others were being recorded is recorded at once, not a step later.
                    wait = Floor(now, stepMs) > _recordedBefore
                        ? TimeSpan.Zero
                        : TimeSpan.FromMilliseconds(Floor(now, stepMs) + stepMs - now);
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
                {
                    logger.LogError(ex, "Could not record the job metric series; retrying in a minute");
                    wait = TimeSpan.FromMinutes(1);
                }

                if (wait > TimeSpan.Zero)
                {
                    var delay = Task.Delay(wait, time, cancellationToken);
                    _idle.TrySetResult();
                    await delay.ConfigureAwait(false);
                    _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Records every bucket that ended after the last recorded one; returns how many.</summary>
    public async Task<int> RecordDueBucketsAsync(CancellationToken cancellationToken)
    {
        var stepMs = (long)options.Value.MetricsStep.TotalMilliseconds;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var current = Floor(now, stepMs); // the start of the current, unfinished bucket
        var cursor = await series.ReadAsync(JobMetricSeries.Name(JobMetricSeries.AllTypes, JobMetricSeries.Runs), null, null, cancellationToken).ConfigureAwait(false);
        var start = cursor.Count > 0
            ? cursor[^1].Timestamp.ToUnixTimeMilliseconds() + stepMs
            : _firstBucket ??= Floor(now - (long)options.Value.MetricsBackfill.TotalMilliseconds, stepMs);
        start = Math.Max(start, current - (MaxCatchUp * stepMs));
        var recorded = 0;
        for (var bucket = start; bucket < current; bucket += stepMs)
        {
            await RecordAsync(bucket, bucket + stepMs, cancellationToken).ConfigureAwait(false);
            recorded++;
        }

        _recordedBefore = current;
        return recorded;
    }

    private async Task RecordAsync(long fromMs, long toMs, CancellationToken cancellationToken)
    {
        // One interval spanning the bucket: the same aggregation path as the metrics page's charts and table.
        var aggregates = await source.AggregateAsync(fromMs, toMs, toMs - fromMs, null, JobGrouping.Both, cancellationToken).ConfigureAwait(false);
        var byType = aggregates.ToDictionary(a => a.JobType, StringComparer.Ordinal);
        foreach (var type in types.All.Select(t => t.Name).Append(JobMetricSeries.AllTypes))
        {
            byType.TryAdd(type, new JobAggregate(fromMs, type, 0, 0, 0, 0, null, null, null, null));
        }

        var at = DateTimeOffset.FromUnixTimeMilliseconds(fromMs);
        var points = new Dictionary<string, IReadOnlyList<SeriesPoint>>(StringComparer.Ordinal);
        foreach (var bucket in byType.Values)
        {
            Add(bucket.JobType, JobMetricSeries.Runs, bucket.Finished);
            Add(bucket.JobType, JobMetricSeries.FailureRate, bucket.FailureRate);
            Add(bucket.JobType, JobMetricSeries.DurationMean, bucket.DurationMeanMs);
            Add(bucket.JobType, JobMetricSeries.DurationP95, bucket.DurationP95Ms);
            Add(bucket.JobType, JobMetricSeries.QueueWaitMean, bucket.QueueWaitMeanMs);
        }

        // One transaction per bucket: jobs.all.runs, the cursor, is never ahead of the other series.
        await series.AppendAsync(points, cancellationToken).ConfigureAwait(false);

        void Add(string type, string metric, double? value)
        {
            if (value is { } v)
            {
                points[JobMetricSeries.Name(type, metric)] = [new SeriesPoint(at, v)];
            }
        }
    }

    private static long Floor(long ms, long stepMs) => ms - (((ms % stepMs) + stepMs) % stepMs);
}
