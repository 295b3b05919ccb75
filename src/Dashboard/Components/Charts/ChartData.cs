namespace Jobs.Dashboard.Components.Charts;

/// <summary>One value of a time series as a chart draws it.</summary>
/// <param name="At">When.</param>
/// <param name="Value">The value.</param>
public readonly record struct TimePoint(DateTimeOffset At, double Value);

/// <summary>A named line of a <see cref="LineChartRenderer"/> chart.</summary>
/// <param name="Name">The legend text.</param>
/// <param name="Points">Its points, oldest first; gaps (intervals without a value) are simply left out.</param>
public sealed record LineSeries(string Name, IReadOnlyList<TimePoint> Points);

/// <summary>One interval of a stacked bar chart: a bar starting at <see cref="Start"/> with one segment per series.</summary>
/// <param name="Start">The interval's start.</param>
/// <param name="Width">The interval's length.</param>
/// <param name="Values">One value per series, bottom first (non-negative).</param>
public sealed record StackedInterval(DateTimeOffset Start, TimeSpan Width, IReadOnlyList<double> Values);

/// <summary>A rendered chart: the SVG to put in the page and how many series (ScottPlot plottables) it draws.</summary>
/// <param name="Svg">The SVG document.</param>
/// <param name="SeriesCount">The plottables on the chart (lines, bar groups, bands, marker groups): what the tests count.</param>
public sealed record ChartSvg(string Svg, int SeriesCount);
