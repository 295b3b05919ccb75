using Jobs.Anomalies;
using Jobs.Dashboard.Components.Charts;
using Jobs.Series;

namespace Jobs.Dashboard.Components.Anomalies;

/// <summary>What the detector finds in a series with the page's parameters: the plot's data and the STL components.</summary>
/// <remarks>
/// The page runs the same detector the <c>anomaly_detection</c> job runs, on the same points and with the same inferred
/// period, so the plot previews what "Run detection now" will store. The band is where a point is not flagged:
/// expected + median residual ± threshold × the residual's robust scale for STL, mean ± threshold × std for the z-score.
/// </remarks>
/// <param name="Chart">The anomaly plot's data.</param>
/// <param name="Times">The points' timestamps.</param>
/// <param name="Decomposition">The STL components, when STL ran.</param>
/// <param name="Period">The STL period used (given or inferred), when STL ran.</param>
/// <param name="Result">The detector's full result.</param>
public sealed record AnomalyPreview(AnomalyChartData Chart, IReadOnlyList<DateTimeOffset> Times, StlDecomposition? Decomposition, int? Period, AnomalyDetectionResult Result)
{
    /// <summary>Runs the detector over <paramref name="points"/>.</summary>
    /// <exception cref="AnomalyParameterException">For parameters the detector refuses (its message is what the page shows).</exception>
    public static AnomalyPreview Compute(IReadOnlyList<SeriesPoint> points, AnomalyMethodChoice choice, double zThreshold, double stlThreshold, int? period)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count < 2)
        {
            throw new AnomalyParameterException("values", $"The series has {points.Count} point(s) in this range; detection needs at least 2.");
        }

        int? usedPeriod = null;
        StlParameters? stl = null;
        if (AnomalyMethodChoices.UsesStl(choice))
        {
            usedPeriod = period ?? SeriesPeriod.Infer(points)
                ?? throw new AnomalyParameterException("period", "No period was given and none can be inferred from the series' spacing (hourly gives 24, daily 7): type a period.");
            stl = new StlParameters { Period = usedPeriod.Value, Robust = AnomalyMethodChoices.Robust(choice) };
        }

        var values = points.Select(p => p.Value).ToArray();
        var settings = new AnomalyDetectionSettings
        {
            Method = AnomalyMethodChoices.Method(choice),
            Stl = stl,
            ZScoreThreshold = zThreshold,
            StlThreshold = stlThreshold,
        };
        var result = new AnomalyDetector().Detect(values, settings);
        var times = points.Select(p => p.Timestamp).ToArray();
        double[]? expected = null;
        double[]? lower = null;
        double[]? upper = null;
        if (result.Decomposition is { } d && result.Residual is { } r)
        {
            expected = [.. Enumerable.Range(0, values.Length).Select(d.Expected)];
            var half = stlThreshold * r.Scale;
            lower = [.. expected.Select(e => e + r.Median - half)];
            upper = [.. expected.Select(e => e + r.Median + half)];
        }
        else if (result.ZScore is { } z)
        {
            expected = [.. values.Select(_ => z.Mean)];
            var half = zThreshold * z.StandardDeviation;
            lower = [.. expected.Select(e => e - half)];
            upper = [.. expected.Select(e => e + half)];
        }

        var chart = new AnomalyChartData(times, values, expected, lower, upper, [.. result.Anomalies.Select(a => (a.Index, a.Severity))]);
        return new AnomalyPreview(chart, times, result.Decomposition, usedPeriod, result);
    }
}
