using ScottPlot;

namespace Jobs.Dashboard.Components.Charts;

/// <summary>Draws intervals as stacked bars, one segment per series (jobs processed and failed per interval).</summary>
public static class StackedBarChartRenderer
{
    /// <summary>Renders one bar group per series, stacked bottom first.</summary>
    /// <param name="names">The series names, bottom first (legend text).</param>
    /// <param name="intervals">The bars; each has one value per name.</param>
    /// <param name="colors">The series colours, bottom first (the palette's series colours when null).</param>
    /// <param name="palette">The theme's colours.</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="yLabel">The value axis label.</param>
    /// <param name="width">Width in SVG units.</param>
    /// <param name="height">Height in SVG units.</param>
    /// <param name="xRange">A fixed time axis (the chosen range), or null to fit the bars.</param>
    public static ChartSvg Render(
        IReadOnlyList<string> names, IReadOnlyList<StackedInterval> intervals, IReadOnlyList<Color>? colors, ChartPalette palette,
        string title, string yLabel, int width = 640, int height = 300, (DateTimeOffset From, DateTimeOffset To)? xRange = null)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(intervals);
        ArgumentNullException.ThrowIfNull(palette);
        var plot = ChartPlot.Create(palette, title, yLabel);
        var hasData = intervals.Count > 0;
        if (hasData)
        {
            var baseline = new double[intervals.Count];
            for (var s = 0; s < names.Count; s++)
            {
                var color = colors is not null && s < colors.Count ? colors[s] : palette.SeriesColor(s);
                var bars = new List<Bar>(intervals.Count);
                for (var i = 0; i < intervals.Count; i++)
                {
                    var interval = intervals[i];
                    var value = s < interval.Values.Count ? interval.Values[s] : 0;
                    bars.Add(new Bar
                    {
                        Position = ChartPlot.X(interval.Start + (interval.Width / 2)),
                        Size = interval.Width.TotalDays * 0.85,
                        ValueBase = baseline[i],
                        Value = baseline[i] + value,
                        FillColor = color,
                        LineWidth = 0,
                    });
                    baseline[i] += value;
                }

                plot.Add.Bars(bars);
                plot.Legend.ManualItems.Add(new LegendItem { LabelText = names[s], FillColor = color });
            }

            plot.ShowLegend(Alignment.UpperLeft);
        }

        ChartLimits.Apply(plot, hasData, 0, null, xRange);
        return ChartPlot.ToSvg(plot, width, height);
    }
}
