using Jobs.Anomalies;

namespace Jobs.Dashboard.Components.Charts;

/// <summary>Draws an STL decomposition as three stacked panels (trend, seasonal, residual) that share one time axis.</summary>
/// <remarks>
/// Separate panels, because the components live on very different scales (the seasonal swing and the residual would be
/// flat lines under the trend on one axis); identical time limits keep a point at the same horizontal position in all three.
/// </remarks>
public static class StlComponentsChartRenderer
{
    /// <summary>The panels' names, top to bottom.</summary>
    public static IReadOnlyList<string> Components { get; } = ["Trend", "Seasonal", "Residual"];

    /// <summary>Renders one panel per component; each draws one series.</summary>
    public static IReadOnlyList<ChartSvg> Render(IReadOnlyList<DateTimeOffset> times, StlDecomposition decomposition, ChartPalette palette, int width = 960, int height = 170)
    {
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(decomposition);
        ArgumentNullException.ThrowIfNull(palette);
        if (times.Count == 0)
        {
            return [];
        }

        var range = (times[0], times[^1]);
        double[][] components = [decomposition.Trend, decomposition.Seasonal, decomposition.Resid];
        var panels = new List<ChartSvg>(components.Length);
        for (var c = 0; c < components.Length; c++)
        {
            var points = times.Select((t, i) => new TimePoint(t, components[c][i])).ToList();
            panels.Add(LineChartRenderer.Render([new LineSeries(Components[c], points)], palette with { Series = [palette.SeriesColor(c + 1)] }, Components[c], "", width, height, xRange: range));
        }

        return panels;
    }
}
