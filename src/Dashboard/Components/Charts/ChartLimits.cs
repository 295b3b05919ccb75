namespace Jobs.Dashboard.Components.Charts;

/// <summary>Axis limits shared by the renderers: the chosen range on the time axis and fixed value bounds where the unit has them.</summary>
internal static class ChartLimits
{
    /// <summary>Fits the axes to the data, then pins the bounds that were given (an empty chart still shows the range).</summary>
    public static void Apply(ScottPlot.Plot plot, bool hasData, double? yMin, double? yMax, (DateTimeOffset From, DateTimeOffset To)? xRange)
    {
        if (hasData)
        {
            plot.Axes.AutoScale();
        }

        var limits = plot.Axes.GetLimits();
        var bottom = yMin ?? (hasData ? limits.Bottom : 0);
        var top = yMax ?? (hasData ? limits.Top : 1);
        if (yMax is null && hasData && yMin is not null)
        {
            // Leave headroom above the highest value when the floor is pinned.
            top = bottom + ((limits.Top - bottom) * 1.08);
        }

        if (top <= bottom)
        {
            top = bottom + 1;
        }

        plot.Axes.SetLimitsY(bottom, top);
        if (xRange is { } range)
        {
            // A little room at both ends, so that a tick label at the edge is not cut off by the figure.
            var pad = (range.To - range.From) * 0.015;
            plot.Axes.SetLimitsX(ChartPlot.X(range.From - pad), ChartPlot.X(range.To + pad));
        }
        else if (!hasData)
        {
            plot.Axes.SetLimitsX(0, 1);
        }
    }
}
