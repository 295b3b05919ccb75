using Bunit;
using Jobs.Anomalies;
using Jobs.Dashboard.Components.Charts;

namespace Jobs.Dashboard.Tests.Components;

public sealed class ChartComponentTests : DashboardComponentTest
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);

    private static List<TimePoint> Points(int count, Func<int, double> value) =>
        [.. Enumerable.Range(0, count).Select(i => new TimePoint(Start.AddHours(i), value(i)))];

    [Fact]
    public void LineChart_DrawsOneSeriesPerNonEmptyLine_AsScalableSvg()
    {
        var chart = Render<LineChart>(p => p
            .Add(c => c.Series, [new LineSeries("Mean", Points(10, i => i)), new LineSeries("p95", Points(10, i => i * 2)), new LineSeries("empty", [])])
            .Add(c => c.Title, "Run time"));

        var frame = chart.Find(".dashboard-chart");
        Assert.Equal("line", frame.GetAttribute("data-chart"));
        Assert.Equal("2", frame.GetAttribute("data-series"));
        var svg = frame.QuerySelector("svg");
        Assert.NotNull(svg);
        Assert.StartsWith("0 0 640 300", svg.GetAttribute("viewBox"), StringComparison.Ordinal);
        Assert.Contains("Run time", frame.InnerHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void LineChart_WithoutData_StillRendersAnEmptyChart()
    {
        var chart = Render<LineChart>(p => p.Add(c => c.Series, [new LineSeries("Mean", [])]));

        Assert.Equal("0", chart.Find(".dashboard-chart").GetAttribute("data-series"));
        Assert.NotNull(chart.Find(".dashboard-chart svg"));
    }

    [Fact]
    public void LineChart_InDarkMode_UsesTheDarkPalette_AndRedrawsWhenTheThemeChanges()
    {
        var series = new List<LineSeries> { new("CPU", Points(5, i => i)) };
        var light = Render<LineChart>(p => p.Add(c => c.Series, series));
        var dark = Render<LineChart>(p => p.Add(c => c.Series, series).AddCascadingValue(ChartComponentBase.DarkModeName, true));

        Assert.Equal("light", light.Find(".dashboard-chart").GetAttribute("data-theme"));
        Assert.Equal("dark", dark.Find(".dashboard-chart").GetAttribute("data-theme"));
        // Light text on the dark surface, dark text on the light one.
        Assert.Contains("#E0E0E8", dark.Markup, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("#E0E0E8", light.Markup, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("#37474F", light.Markup, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void StackedBarChart_DrawsOneBarGroupPerSeries()
    {
        var intervals = Enumerable.Range(0, 6).Select(i => new StackedInterval(Start.AddMinutes(i * 10), TimeSpan.FromMinutes(10), [i, 1])).ToList();

        var chart = Render<StackedBarChart>(p => p.Add(c => c.Names, ["Processed", "Failed"]).Add(c => c.Intervals, intervals).Add(c => c.GoodBad, true));

        var frame = chart.Find(".dashboard-chart");
        Assert.Equal("stacked-bar", frame.GetAttribute("data-chart"));
        Assert.Equal("2", frame.GetAttribute("data-series"));
        Assert.NotNull(frame.QuerySelector("svg"));
    }

    [Fact]
    public void AnomalyChart_DrawsValueExpectedBandAndOneMarkerGroupPerSeverity()
    {
        var times = Enumerable.Range(0, 20).Select(i => Start.AddDays(i)).ToList();
        var values = Enumerable.Range(0, 20).Select(i => (double)(i % 7)).ToList();
        var data = new AnomalyChartData(times, values, [.. values.Select(v => v + 0.1)], [.. values.Select(v => v - 1)], [.. values.Select(v => v + 1)],
            [(3, AnomalySeverity.Low), (9, AnomalySeverity.Critical), (12, AnomalySeverity.Critical)]);

        var chart = Render<AnomalyChart>(p => p.Add(c => c.Data, data));

        // Band, value line, expected line, low markers, critical markers.
        Assert.Equal("5", chart.Find(".dashboard-chart").GetAttribute("data-series"));
        Assert.NotNull(chart.Find(".dashboard-chart svg"));
    }

    [Fact]
    public void AnomalyChart_WithoutExpectedOrFlags_DrawsOnlyTheValues()
    {
        var data = new AnomalyChartData([Start, Start.AddDays(1)], [1, 2], null, null, null, []);

        var chart = Render<AnomalyChart>(p => p.Add(c => c.Data, data));

        Assert.Equal("1", chart.Find(".dashboard-chart").GetAttribute("data-series"));
    }

    [Fact]
    public void StlComponentsChart_DrawsTrendSeasonalAndResidualPanels()
    {
        var values = Enumerable.Range(0, 48).Select(i => 10 + Math.Sin(i * Math.PI / 12) + (i * 0.1)).ToArray();
        var decomposition = new StlDecomposer().Decompose(values, new StlParameters { Period = 24 });
        var times = Enumerable.Range(0, 48).Select(i => Start.AddHours(i)).ToList();

        var chart = Render<StlComponentsChart>(p => p.Add(c => c.Times, times).Add(c => c.Decomposition, decomposition));

        var panels = chart.FindAll(".dashboard-chart[data-chart='stl-component']");
        Assert.Equal(3, panels.Count);
        Assert.All(panels, panel => Assert.Equal("1", panel.GetAttribute("data-series")));
        Assert.Equal("3", chart.Find(".stl-components").GetAttribute("data-series"));
        Assert.Contains("Residual", panels[2].InnerHtml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-11-24T00:00:00", "2026-11-24")]
    [InlineData("2026-11-24T13:40:00", "11-24 13:40")]
    [InlineData("2026-11-24T13:40:10", "13:40:10")]
    [InlineData("2026-11-24T13:40:10.500", "13:40:10.5")]
    public void TimeTicks_AreWrittenYearFirst(string at, string label) =>
        Assert.Equal(label, ChartPlot.TickLabel(DateTime.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Charts_ShowTheTimeAxisInTheDashboardsFormat()
    {
        var chart = Render<LineChart>(p => p.Add(c => c.Series, [new LineSeries("CPU", Points(72, i => i))]));

        Assert.Contains("2026-11-26", chart.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("11/26/2026", chart.Markup, StringComparison.Ordinal);
    }
}
