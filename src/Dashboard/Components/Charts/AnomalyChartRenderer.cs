using Jobs.Anomalies;
using ScottPlot;

namespace Jobs.Dashboard.Components.Charts;

/// <summary>What the anomaly plot shows: the series, what was expected of it, the band it may move in, and the flagged points.</summary>
/// <param name="Times">The points' timestamps, oldest first.</param>
/// <param name="Values">The observed values, one per timestamp.</param>
/// <param name="Expected">The expected value per point (trend + seasonal, or the mean), or null when unknown.</param>
/// <param name="BandLower">The lower edge of the normal band per point, or null for no band.</param>
/// <param name="BandUpper">The upper edge of the normal band per point, or null for no band.</param>
/// <param name="Flagged">The flagged points: index into <paramref name="Times"/> and severity.</param>
public sealed record AnomalyChartData(
    IReadOnlyList<DateTimeOffset> Times,
    IReadOnlyList<double> Values,
    IReadOnlyList<double>? Expected,
    IReadOnlyList<double>? BandLower,
    IReadOnlyList<double>? BandUpper,
    IReadOnlyList<(int Index, AnomalySeverity Severity)> Flagged);

/// <summary>Draws a series with its expected line and band, and its anomalies as markers coloured by severity.</summary>
public static class AnomalyChartRenderer
{
    /// <summary>Renders <paramref name="data"/>: the value line, the expected line, the band, and one marker group per severity present.</summary>
    public static ChartSvg Render(AnomalyChartData data, ChartPalette palette, string title, string yLabel, int width = 960, int height = 360)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(palette);
        var plot = ChartPlot.Create(palette, title, yLabel);
        var xs = data.Times.Select(ChartPlot.X).ToArray();
        var hasData = xs.Length > 0;
        if (hasData)
        {
            if (data.BandLower is { } lower && data.BandUpper is { } upper)
            {
                var band = plot.Add.FillY(xs, [.. lower], [.. upper]);
                band.FillColor = palette.Band;
                band.LineWidth = 0;
                band.LegendText = "Normal band";
            }

            var values = plot.Add.ScatterLine(xs, [.. data.Values], palette.SeriesColor(0));
            values.LineWidth = 1.5f;
            values.LegendText = "Value";

            if (data.Expected is { } expected)
            {
                var line = plot.Add.ScatterLine(xs, [.. expected], palette.SeriesColor(2));
                line.LineWidth = 2;
                line.LinePattern = LinePattern.Dashed;
                line.LegendText = "Expected";
            }

            // Most severe last, so it is drawn on top where points crowd.
            foreach (var group in data.Flagged.GroupBy(f => f.Severity).OrderBy(g => g.Key))
            {
                var indices = group.Select(f => f.Index).ToArray();
                var markers = plot.Add.Markers(
                    indices.Select(i => xs[i]).ToArray(), indices.Select(i => data.Values[i]).ToArray(),
                    MarkerShape.FilledCircle, 9 + (2 * (int)group.Key), palette.SeverityColor(group.Key));
                markers.LegendText = group.Key.ToName();
            }

            plot.ShowLegend(Alignment.UpperLeft);
        }

        ChartLimits.Apply(plot, hasData, null, null, null);
        return ChartPlot.ToSvg(plot, width, height);
    }
}
