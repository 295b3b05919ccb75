using Bunit;
using Jobs.Dashboard.Components.Metrics;
using Jobs.Dashboard.Tests.Fakes;
using Jobs.Metrics;

namespace Jobs.Dashboard.Tests.Components;

public sealed class MetricsPageTests : DashboardComponentTest
{
    private void AddIntervals()
    {
        for (var i = 0; i < 4; i++)
        {
            var start = Now.AddHours(-2).AddMinutes(30 * i);
            MetricsQueries.Intervals.Add(new MetricsInterval(start, start.AddMinutes(30), 10 + i, i, 0, (10.0 + i) / (10 + (2 * i)), 120 + i, 300 + i, 15, 2, 4));
        }

        MetricsQueries.Types.Add(new JobTypeMetrics("etl", 50, 45, 5, 0, 0.9, 1500, 4000, 9000));
        ProcessMetrics.Samples.Add(new ProcessSample(Now.AddMinutes(-1), 2, 8, 12.5, 200L * 1024 * 1024, 50L * 1024 * 1024, 3));
        ProcessMetrics.Samples.Add(new ProcessSample(Now, 4, 8, 20, 210L * 1024 * 1024, 60L * 1024 * 1024, 1));
    }

    [Fact]
    public void Render_WithData_DrawsEveryChartAndTheTypeTable()
    {
        AddIntervals();

        var page = Render<MetricsPage>();

        Assert.Equal(8, page.FindAll(".dashboard-chart svg").Count);
        Assert.Equal("2", page.Find("#chart-throughput .dashboard-chart").GetAttribute("data-series"));
        Assert.Equal("2", page.Find("#chart-duration .dashboard-chart").GetAttribute("data-series"));
        Assert.Equal("1", page.Find("#chart-success-rate .dashboard-chart").GetAttribute("data-series"));
        Assert.Equal("2", page.Find("#chart-memory .dashboard-chart").GetAttribute("data-series"));
        var row = page.Find("#job-type-table tr[data-type='etl']");
        Assert.Equal("50", row.QuerySelector(".total")!.TextContent);
        Assert.Equal("90 %", row.QuerySelector(".success-rate")!.TextContent);
        Assert.Equal("4 s", row.QuerySelector(".p95")!.TextContent.Replace('\u00a0', ' ').Trim());
        Assert.Empty(page.FindAll("#metrics-empty"));
        // The default range: the last 24 hours in 30-minute steps, every type.
        var (range, type) = Assert.Single(MetricsQueries.Calls);
        Assert.Equal((Now.AddHours(-24), Now, TimeSpan.FromMinutes(30)), (range.From, range.To, range.Step));
        Assert.Null(type);
    }

    [Fact]
    public void Render_WithoutJobs_ShowsEmptyChartsAndSaysSo()
    {
        var page = Render<MetricsPage>();

        Assert.NotNull(page.Find("#metrics-empty"));
        Assert.NotNull(page.Find("#job-types-empty"));
        Assert.Equal("0", page.Find("#chart-throughput .dashboard-chart").GetAttribute("data-series"));
    }

    [Fact]
    public void Render_ShowsError_WhenTheStoreFails()
    {
        MetricsQueries.Failure = FakeJobQueries.StoreDown();

        var page = Render<MetricsPage>();

        Assert.Contains("The job store did not answer: database is locked", page.Find("#metrics-error").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll(".dashboard-chart"));
    }

    [Fact]
    public void Refresh_RereadsAfterTheInterval_WithTheRangeMovedAlong()
    {
        AddIntervals();
        var page = Render<MetricsPage>();

        Time.Advance(MetricsPage.RefreshInterval);

        page.WaitForAssertion(() => Assert.Equal(2, MetricsQueries.Calls.Count));
        Assert.Equal(Now + MetricsPage.RefreshInterval, MetricsQueries.Calls[1].Range.To);
    }

    [Fact]
    public void CustomRange_EndBeforeStart_ShowsTheFieldError_AndKeepsTheLastCharts()
    {
        AddIntervals();
        var page = Render<MetricsPage>();
        page.FindComponent<MudBlazor.MudSelect<MetricsRangeKind>>().InvokeAsync(() =>
            page.FindComponent<MudBlazor.MudSelect<MetricsRangeKind>>().Instance.ValueChanged.InvokeAsync(MetricsRangeKind.Custom));

        page.Find("#metrics-from").Change("2026-11-25 12:00");
        page.Find("#metrics-to").Change("2026-11-25 10:00");

        page.WaitForAssertion(() => Assert.Contains("must be before to", page.Markup, StringComparison.Ordinal));
        Assert.Equal(8, page.FindAll(".dashboard-chart svg").Count);

        page.Find("#metrics-to").Change("not a time");
        page.WaitForAssertion(() => Assert.Contains("Type the end as yyyy-MM-dd HH:mm (UTC).", page.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public void CustomRange_IsCutIntoSixtyIntervals()
    {
        var range = MetricsRangeChoice.Custom(Now.AddHours(-6), Now);

        Assert.Equal(TimeSpan.FromMinutes(6), range.Step);
        Assert.Equal(60, range.IntervalCount);
        Assert.Null(MetricsRangeChoice.ParseInput("25/11/2026"));
        Assert.Equal(Now, MetricsRangeChoice.ParseInput("2026-11-25 12:00"));
    }
}
