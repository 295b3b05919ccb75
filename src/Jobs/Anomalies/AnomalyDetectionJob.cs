using Jobs.Handlers;
using Jobs.Metrics;
using Jobs.Notifications;
using Jobs.Series;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jobs.Anomalies;

/// <summary>Arguments of the <c>anomaly_detection</c> job. Unset values take the configured defaults.</summary>
public sealed record AnomalyDetectionArgs
{
    /// <summary>The series to scan; null, empty, <c>*</c> or <c>all</c> scans every stored series.</summary>
    public string? Series { get; init; }

    /// <summary><c>zscore</c>, <c>stl</c> or <c>combined</c> (the default).</summary>
    public string Method { get; init; } = "combined";

    /// <summary>Robust STL (inner 2, outer 15) instead of plain (inner 5, outer 0).</summary>
    public bool Robust { get; init; }

    /// <summary>
    /// The STL period in points. When unset it is inferred from the series' median spacing: one day's worth of points
    /// for sub-daily spacing (24 for hourly), 7 for daily points; otherwise STL cannot run on that series.
    /// </summary>
    public int? Period { get; init; }

    /// <summary>The z-score threshold (default <c>Anomalies:ZScoreThreshold</c> / <c>ANOMALY_ZSCORE_THRESHOLD</c>, 2.0).</summary>
    public double? ZScoreThreshold { get; init; }

    /// <summary>The robust-z threshold (default <c>Anomalies:StlThreshold</c> / <c>ANOMALY_STL_THRESHOLD</c>, 3.5).</summary>
    public double? StlThreshold { get; init; }

    /// <summary>Sample (ddof 1) instead of population standard deviation for the z-score.</summary>
    public bool SampleStd { get; init; }

    /// <summary>Optional STL spans (statsmodels defaults otherwise).</summary>
    public int? Seasonal { get; init; }

    /// <summary>Optional STL trend span.</summary>
    public int? Trend { get; init; }

    /// <summary>Optional STL low-pass span.</summary>
    public int? LowPass { get; init; }

    /// <summary>How far back to read each series (default <c>Anomalies:Lookback</c>, 90 days).</summary>
    public TimeSpan? Lookback { get; init; }
}

/// <summary>What one series gave.</summary>
/// <param name="Series">The series.</param>
/// <param name="Points">Points scanned.</param>
/// <param name="Flagged">Anomalies found.</param>
/// <param name="Added">Of those, not stored before.</param>
/// <param name="Skipped">Why the series was not scanned (too short, no period), or null.</param>
public sealed record SeriesDetectionSummary(string Series, int Points, int Flagged, int Added, string? Skipped);

/// <summary>The result of the <c>anomaly_detection</c> job.</summary>
/// <param name="Method">The method used.</param>
/// <param name="Series">One entry per series.</param>
/// <param name="Flagged">Anomalies found in all series.</param>
/// <param name="Added">Anomalies stored for the first time.</param>
public sealed record AnomalyDetectionSummary(string Method, IReadOnlyList<SeriesDetectionSummary> Series, int Flagged, int Added);

/// <summary>
/// The <c>anomaly_detection</c> job: runs the z-score, STL or combined detector over one stored series or all of them
/// and stores what it finds in the anomalies store, once per point.
/// </summary>
/// <remarks>
/// Safe to run again (jobs run at least once): a point already stored is merged, not duplicated. Progress is reported
/// per series. A series too short for STL (fewer than two periods) or without a usable period is skipped and named in
/// the result, so one odd series does not fail the scan of the others; invalid arguments fail the job.
/// </remarks>
internal sealed class AnomalyDetectionJob(
    ISeriesStore series,
    IAnomalyStore anomalies,
    INotificationPublisher notifications,
    TimeProvider time,
    IOptions<AnomalyDetectionOptions> options) : IJobHandler<AnomalyDetectionArgs, AnomalyDetectionSummary>
{
    /// <summary>The registered type name.</summary>
    public const string TypeName = "anomaly_detection";

    public async Task<AnomalyDetectionSummary> HandleAsync(AnomalyDetectionArgs args, IJobContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var method = AnomalyNames.ParseMethod(args.Method);
        var settings = new AnomalyDetectionSettings
        {
            Method = method,
            ZScoreThreshold = args.ZScoreThreshold ?? options.Value.ZScoreThreshold,
            StlThreshold = args.StlThreshold ?? options.Value.StlThreshold,
            PopulationStd = !args.SampleStd,
        };
        var lookback = args.Lookback ?? options.Value.Lookback;
        if (lookback <= TimeSpan.Zero)
        {
            throw new AnomalyParameterException("lookback", $"lookback must be positive (was {lookback}).");
        }

        if (args.Period is < 2)
        {
            throw new AnomalyParameterException("period", $"period must be an integer >= 2 (was {args.Period}).");
        }

        var names = await SeriesToScanAsync(args.Series, context.CancellationToken);
        var since = time.GetUtcNow() - lookback;
        var detector = new AnomalyDetector();
        var results = new List<SeriesDetectionSummary>(names.Count);
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            context.ReportProgress((double)i / Math.Max(1, names.Count), $"Scanning {name}", i, names.Count);
            var points = await series.ReadAsync(name, since, null, context.CancellationToken);
            var summary = await ScanAsync(name, points, settings, args, detector, context);
            results.Add(summary);
            context.Logger.LogInformation("{Series}: {Points} points, {Flagged} anomalies ({Added} new){Skipped}",
                name, summary.Points, summary.Flagged, summary.Added, summary.Skipped is null ? "" : $", skipped: {summary.Skipped}");
        }

        context.ReportProgress(1, $"Scanned {names.Count} series", names.Count, names.Count);
        return new AnomalyDetectionSummary(method.ToName(), results, results.Sum(r => r.Flagged), results.Sum(r => r.Added));
    }

    private async Task<IReadOnlyList<string>> SeriesToScanAsync(string? requested, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(requested) && requested is not "*" and not "all")
        {
            return [requested];
        }

        var all = await series.ListAsync(cancellationToken);
        return [.. all.Select(s => s.Name)];
    }

    private async Task<SeriesDetectionSummary> ScanAsync(
        string name, IReadOnlyList<SeriesPoint> points, AnomalyDetectionSettings settings, AnomalyDetectionArgs args,
        AnomalyDetector detector, IJobContext context)
    {
        if (points.Count < 2)
        {
            return new SeriesDetectionSummary(name, points.Count, 0, 0, "fewer than 2 points");
        }

        if (settings.Method != AnomalyMethod.ZScore)
        {
            var period = args.Period ?? InferPeriod(points);
            if (period is null)
            {
                return new SeriesDetectionSummary(name, points.Count, 0, 0, "no period given and none inferred from the spacing");
            }

            if (points.Count < 2 * period)
            {
                return new SeriesDetectionSummary(name, points.Count, 0, 0, $"fewer than two periods ({2 * period} points) for STL");
            }

            settings = settings with
            {
                Stl = new StlParameters { Period = period.Value, Robust = args.Robust, Seasonal = args.Seasonal, Trend = args.Trend, LowPass = args.LowPass },
            };
        }

        var values = points.Select(p => p.Value).ToArray();
        var result = detector.Detect(values, settings);
        var found = result.Anomalies
            .Select(a => new NewAnomaly(points[a.Index].Timestamp, a.Value, a.Expected, a.Score, a.Methods, a.Severity))
            .ToList();
        var fresh = await NotStoredYetAsync(name, found, context.CancellationToken);
        var written = await anomalies.UpsertAsync(name, found, context.JobId, context.CancellationToken);
        foreach (var anomaly in fresh)
        {
            notifications.PublishAnomaly(new AnomalyNotice(
                name, anomaly.Timestamp, anomaly.Value, anomaly.Score, JobTypeOf(name), anomaly.Expected,
                $"{anomaly.Methods} ({anomaly.Severity})"));
        }

        return new SeriesDetectionSummary(name, points.Count, found.Count, written.Added, null);
    }

    /// <summary>The anomalies no earlier run stored: only those are announced, so a run over the same range again notifies nobody.</summary>
    private async Task<List<NewAnomaly>> NotStoredYetAsync(string name, List<NewAnomaly> found, CancellationToken cancellationToken)
    {
        if (found.Count == 0)
        {
            return found;
        }

        // The store keeps milliseconds: the exclusive end one millisecond past the last point.
        var stored = await anomalies.QueryAsync(name, found.Min(a => a.Timestamp), found.Max(a => a.Timestamp).AddMilliseconds(1), IAnomalyStore.MaxLimit, cancellationToken);
        var known = stored.Select(a => a.Timestamp).ToHashSet();
        return [.. found.Where(a => !known.Contains(a.Timestamp))];
    }

    /// <summary>The job type of an engine metric series (<c>jobs.&lt;type&gt;.&lt;metric&gt;</c>), so channels' job-type filters apply; null for data series.</summary>
    private static string? JobTypeOf(string series)
    {
        if (!series.StartsWith("jobs.", StringComparison.Ordinal))
        {
            return null;
        }

        var last = series.LastIndexOf('.');
        var type = last > 5 ? series[5..last] : null;
        return type == JobMetricSeries.AllTypes ? null : type;
    }

    /// <summary>A day's worth of points for regular sub-daily spacing, 7 (a week) for daily points, else null.</summary>
    internal static int? InferPeriod(IReadOnlyList<SeriesPoint> points) => SeriesPeriod.Infer(points);
}
