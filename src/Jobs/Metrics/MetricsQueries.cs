using Jobs.Series;

namespace Jobs.Metrics;

/// <summary>
/// <see cref="IMetricsQueries"/> over the store's job aggregates (<see cref="IJobMetricsSource"/>, one SQL query per
/// call) and the sampled queue depth: this process's in-memory samples where they reach (every
/// <c>Metrics:SampleInterval</c>), the stored <see cref="EngineSeries.QueueDepth"/> series before that.
/// </summary>
/// <remarks>
/// Database-neutral: a store brings its own <see cref="IJobMetricsSource"/> and <see cref="ISeriesStore"/>. Reading the
/// recent part from memory lets the stored series stay coarse (a point per <c>Metrics:PersistInterval</c>) while the
/// last hours still chart at a fine step; a process without workers (the CLI) has no samples and reads the series only.
/// </remarks>
internal sealed class MetricsQueries(IJobMetricsSource source, ISeriesStore series, IProcessMetrics process) : IMetricsQueries
{
    public async Task<IReadOnlyList<MetricsInterval>> GetIntervalsAsync(MetricsRange range, string? jobType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(range);
        range.Validate();
        var fromMs = range.From.ToUnixTimeMilliseconds();
        var toMs = range.To.ToUnixTimeMilliseconds();
        var stepMs = (long)range.Step.TotalMilliseconds;
        var type = string.IsNullOrWhiteSpace(jobType) ? null : jobType;
        // Totals only: with a type filter they are that type's figures.
        var rows = await source.AggregateAsync(fromMs, toMs, stepMs, type, JobGrouping.Total, cancellationToken).ConfigureAwait(false);
        var totals = rows.ToDictionary(r => r.BucketStartMs);

        // A few thousand points at most: bucketing them here keeps this class database-neutral.
        var recent = process.GetSamples(range.From)
            .Where(s => s.Timestamp < range.To && s.QueueDepth is not null)
            .Select(s => new SeriesPoint(s.Timestamp, s.QueueDepth!.Value))
            .ToList();
        var storedUntil = recent.Count > 0 ? recent[0].Timestamp : range.To;
        var stored = await series.ReadAsync(EngineSeries.QueueDepth, range.From, storedUntil, cancellationToken).ConfigureAwait(false);
        var depthByBucket = stored.Concat(recent)
            .GroupBy(p => fromMs + ((p.Timestamp.ToUnixTimeMilliseconds() - fromMs) / stepMs * stepMs))
            .ToDictionary(g => g.Key, g => (Mean: g.Average(p => p.Value), Max: g.Max(p => p.Value)));

        var intervals = new List<MetricsInterval>((int)range.IntervalCount);
        for (var start = fromMs; start < toMs; start += stepMs)
        {
            totals.TryGetValue(start, out var a);
            var hasDepth = depthByBucket.TryGetValue(start, out var d);
            intervals.Add(new MetricsInterval(
                DateTimeOffset.FromUnixTimeMilliseconds(start),
                DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(start + stepMs, toMs)),
                a?.Succeeded ?? 0,
                a?.DeadLettered ?? 0,
                a?.Cancelled ?? 0,
                a?.SuccessRate,
                a?.DurationMeanMs,
                a?.DurationP95Ms,
                a?.QueueWaitMeanMs,
                hasDepth ? d.Mean : null,
                hasDepth ? d.Max : null));
        }

        return intervals;
    }

    public async Task<IReadOnlyList<JobTypeMetrics>> GetJobTypesAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        MetricsRange.ValidateSpan(since, until);
        var fromMs = since.ToUnixTimeMilliseconds();
        var toMs = until.ToUnixTimeMilliseconds();
        var rows = await source.AggregateAsync(fromMs, toMs, toMs - fromMs, null, JobGrouping.ByType, cancellationToken).ConfigureAwait(false);
        return [.. rows
            .OrderBy(r => r.JobType, StringComparer.Ordinal)
            .Select(r => new JobTypeMetrics(r.JobType, r.Finished, r.Succeeded, r.DeadLettered, r.Cancelled, r.SuccessRate, r.DurationMeanMs, r.DurationP95Ms, r.DurationP99Ms))];
    }
}
