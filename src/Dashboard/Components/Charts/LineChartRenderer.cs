using ScottPlot;

namespace Jobs.Dashboard.Components.Charts;

/// <summary>Draws one or more time series as lines on a shared UTC time axis (rates, durations, queue figures, process figures).</summary>
public static class LineChartRenderer
{
    /// <summary>Renders <paramref name="series"/>; a series without points is left out (and not counted).</summary>
    /// <param name="series">The lines, in legend order.</param>
    /// <param name="palette">The theme's colours.</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="yLabel">The value axis label (with its unit).</param>
    /// <param name="width">Width in SVG units.</param>
    /// <param name="height">Height in SVG units.</param>
    /// <param name="yMin">A fixed lower bound of the value axis (e.g. 0 for counts), or null to fit.</param>
    /// <param name="yMax">A fixed upper bound (e.g. 100 for percentages), or null to fit.</param>
    /// <param name="xRange">A fixed time axis (the chosen range), or null to fit the points.</param>
    public static ChartSvg Render(
        IReadOnlyList<LineSeries> series, ChartPalette palette, string title, string yLabel, int width = 640, int height = 300,
        double? yMin = null, double? yMax = null, (DateTimeOffset From, DateTimeOffset To)? xRange = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(palette);
        var plot = ChartPlot.Create(palette, title, yLabel);
        var drawn = 0;
        for (var i = 0; i < series.Count; i++)
        {
            var line = series[i];
            if (line.Points.Count == 0)
            {
                continue;
            }

            var xs = line.Points.Select(p => ChartPlot.X(p.At)).ToArray();
            var ys = line.Points.Select(p => p.Value).ToArray();
            var scatter = plot.Add.Scatter(xs, ys, palette.SeriesColor(i));
            scatter.LegendText = line.Name;
            scatter.LineWidth = 2;
            // Markers only where points are sparse enough to see one by one; a lone point must still be seen.
            scatter.MarkerSize = line.Points.Count switch { <= 3 => 8, <= 60 => 5, _ => 0 };
            drawn++;
        }

        if (series.Count > 1 && drawn > 0)
        {
            plot.ShowLegend(Alignment.UpperLeft);
        }
        else
        {
            // One line: the title names it.
            plot.HideLegend();
        }

        ChartLimits.Apply(plot, drawn > 0, yMin, yMax, xRange);
        return ChartPlot.ToSvg(plot, width, height);
    }
}
