using Jobs.Anomalies;
using Jobs.Metrics;
using Jobs.Series;

namespace Jobs.Dashboard.Tests.Fakes;

/// <summary>The store's metric aggregates, answered from lists the test fills (or failing on demand).</summary>
public sealed class FakeMetricsQueries : IMetricsQueries
{
    public List<MetricsInterval> Intervals { get; } = [];

    public List<JobTypeMetrics> Types { get; } = [];

    public List<(MetricsRange Range, string? JobType)> Calls { get; } = [];

    public Exception? Failure { get; set; }

    public Task<IReadOnlyList<MetricsInterval>> GetIntervalsAsync(MetricsRange range, string? jobType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(range);
        Calls.Add((range, jobType));
        range.Validate();
        return Failure is not null ? Task.FromException<IReadOnlyList<MetricsInterval>>(Failure) : Task.FromResult<IReadOnlyList<MetricsInterval>>([.. Intervals]);
    }

    public Task<IReadOnlyList<JobTypeMetrics>> GetJobTypesAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken) =>
        Failure is not null ? Task.FromException<IReadOnlyList<JobTypeMetrics>>(Failure) : Task.FromResult<IReadOnlyList<JobTypeMetrics>>([.. Types]);
}

/// <summary>Process samples the test sets.</summary>
public sealed class FakeProcessMetrics : IProcessMetrics
{
    public List<ProcessSample> Samples { get; } = [];

    public TimeSpan SampleInterval => TimeSpan.FromSeconds(10);

    public string Node => "test-node";

    public ProcessSample? Latest => Samples.Count > 0 ? Samples[^1] : null;

    public IReadOnlyList<ProcessSample> GetSamples(DateTimeOffset? since = null) => [.. Samples.Where(s => since is null || s.Timestamp >= since)];
}

/// <summary>Series kept in memory, with the store's read semantics (range, oldest first).</summary>
public sealed class FakeSeriesStore : ISeriesStore
{
    public Dictionary<string, List<SeriesPoint>> Series { get; } = new(StringComparer.Ordinal);

    public Exception? Failure { get; set; }

    public Task<int> AppendAsync(string series, IReadOnlyList<SeriesPoint> points, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (!Series.TryGetValue(series, out var list))
        {
            Series[series] = list = [];
        }

        list.AddRange(points);
        list.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        return Task.FromResult(points.Count);
    }

    public async Task<int> AppendAsync(IReadOnlyDictionary<string, IReadOnlyList<SeriesPoint>> points, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(points);
        var total = 0;
        foreach (var (name, list) in points)
        {
            total += await AppendAsync(name, list, cancellationToken);
        }

        return total;
    }

    public Task<IReadOnlyList<SeriesPoint>> ReadAsync(string series, DateTimeOffset? since, DateTimeOffset? until, CancellationToken cancellationToken) =>
        Failure is not null
            ? Task.FromException<IReadOnlyList<SeriesPoint>>(Failure)
            : Task.FromResult<IReadOnlyList<SeriesPoint>>([.. Series.GetValueOrDefault(series, []).Where(p => (since is null || p.Timestamp >= since) && (until is null || p.Timestamp < until))]);

    public Task<IReadOnlyList<SeriesInfo>> ListAsync(CancellationToken cancellationToken) =>
        Failure is not null
            ? Task.FromException<IReadOnlyList<SeriesInfo>>(Failure)
            : Task.FromResult<IReadOnlyList<SeriesInfo>>([.. Series.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new SeriesInfo(s.Key, s.Value.Count, s.Value.FirstOrDefault().Timestamp, s.Value.LastOrDefault().Timestamp))]);
}

/// <summary>Anomalies kept in memory.</summary>
public sealed class FakeAnomalyStore : IAnomalyStore
{
    public List<StoredAnomaly> Stored { get; } = [];

    public Task<AnomalyWriteResult> UpsertAsync(string series, IReadOnlyList<NewAnomaly> anomalies, long? jobId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(anomalies);
        foreach (var a in anomalies)
        {
            Stored.Add(new StoredAnomaly(Stored.Count + 1, series, a.Timestamp, a.Value, a.Expected, a.Score, a.Methods, a.Severity, a.Timestamp, jobId));
        }

        return Task.FromResult(new AnomalyWriteResult(anomalies.Count, 0));
    }

    public Task<IReadOnlyList<StoredAnomaly>> QueryAsync(string? series, DateTimeOffset? since, DateTimeOffset? until, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredAnomaly>>([.. Stored.Where(a => (series is null || a.Series == series) && (since is null || a.Timestamp >= since) && (until is null || a.Timestamp < until)).OrderBy(a => a.Timestamp).Take(limit)]);
}
