using Bunit;
using Jobs.Anomalies;
using Jobs.Dashboard.Auth;
using Jobs.Dashboard.Components.Anomalies;
using Jobs.Dashboard.Tests.Fakes;
using Jobs.Events;
using Jobs.Model;
using Jobs.Series;

namespace Jobs.Dashboard.Tests.Components;

public sealed class AnomaliesPageTests : DashboardComponentTest
{
    /// <summary>60 daily points with a weekly pattern and one spike, ending now.</summary>
    private void AddDailySeries(string name = "risk_index")
    {
        var points = Enumerable.Range(0, 60)
            .Select(i => new SeriesPoint(Now.AddDays(i - 59), 40 + (5 * Math.Sin(i * 2 * Math.PI / 7)) + (i == 45 ? 60 : 0) + (i % 3)))
            .ToList();
        SeriesStore.Series[name] = points;
    }

    [Fact]
    public void Render_WithoutSeries_SaysThereAreNone()
    {
        var page = Render<AnomaliesPage>();

        Assert.NotNull(page.Find("#anomalies-no-series"));
        Assert.Empty(page.FindAll(".dashboard-chart"));
    }

    [Fact]
    public void Render_ShowsError_WhenTheStoreFails()
    {
        SeriesStore.Failure = FakeJobQueries.StoreDown();

        var page = Render<AnomaliesPage>();

        Assert.Contains("database is locked", page.Find("#anomalies-error").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WithASeries_PlotsSeriesBandAndFlags_AndTheStlComponents()
    {
        AddDailySeries();

        var page = Render<AnomaliesPage>();

        var plot = page.Find("#anomaly-plot .dashboard-chart");
        // Band, value, expected and at least one severity group for the spike.
        Assert.True(int.Parse(plot.GetAttribute("data-series")!, System.Globalization.CultureInfo.InvariantCulture) >= 4, plot.GetAttribute("data-series"));
        Assert.Equal(3, page.FindAll("#stl-panel .dashboard-chart").Count);
        Assert.Contains("period 7", page.Find("#stl-panel").TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.Find("#anomalies-empty"));
    }

    [Fact]
    public void PeriodTooLargeForTheSeries_ShowsTheDetectorsMessage_NotAnException()
    {
        AddDailySeries();
        var page = Render<AnomaliesPage>();

        page.Find("#anomaly-period").Change("40");

        page.WaitForAssertion(() => Assert.Contains("values has 60 points; STL needs at least two periods (80).", page.Find("#anomaly-parameter-error").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("#anomaly-plot"));
        Assert.Equal("1", page.Find("#anomaly-raw-plot .dashboard-chart").GetAttribute("data-series"));

        page.Find("#anomaly-period").Change("7");
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#anomaly-plot .dashboard-chart svg")));
        Assert.Empty(page.FindAll("#anomaly-parameter-error"));
    }

    [Fact]
    public void StoredAnomaliesOfAJobMetricSeries_LinkToThatTypesJobs()
    {
        SeriesStore.Series["jobs.etl.duration_mean_ms"] = [.. Enumerable.Range(0, 48).Select(i => new SeriesPoint(Now.AddHours(i - 47), 100 + (i % 5)))];
        AnomalyStore.Stored.Add(new StoredAnomaly(7, "jobs.etl.duration_mean_ms", Now.AddHours(-3), 900, 102, 12.5, AnomalyMethods.ZScore | AnomalyMethods.Stl, AnomalySeverity.Critical, Now, 55));

        var page = Render<AnomaliesPage>();

        var row = page.Find("#anomaly-table tr[data-anomaly-id='7']");
        Assert.Equal("critical", row.GetAttribute("data-severity"));
        Assert.Contains("zscore,stl", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("/jobs?type=etl", row.QuerySelector("a.jobs-link")!.GetAttribute("href"));
    }

    [Theory]
    [InlineData("jobs.etl.runs", "etl")]
    [InlineData("jobs.data_refresh.queue_wait_mean_ms", "data_refresh")]
    [InlineData("jobs.all.failure_rate", "all")]
    [InlineData("risk_index", null)]
    [InlineData("jobs.etl.unknown_metric", null)]
    public void JobTypeOf_ReadsTheTypeOfJobMetricSeries(string series, string? type) => Assert.Equal(type, AnomaliesPage.JobTypeOf(series));

    [Fact]
    public async Task RunDetection_EnqueuesForTheSeries_ShowsProgress_ThenTheStoredTable()
    {
        AddDailySeries();
        var page = Render<AnomaliesPage>();

        await page.Find("#run-detection").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());

        var request = Assert.Single(Client.Enqueued);
        Assert.Equal("anomaly_detection", request.Type);
        Assert.Contains("\"series\":\"risk_index\"", request.Arguments, StringComparison.Ordinal);
        Assert.Contains("\"method\":\"combined\"", request.Arguments, StringComparison.Ordinal);
        Assert.Contains("\"period\":7", request.Arguments, StringComparison.Ordinal);
        var id = 1001L;
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), page.Find("#run-progress").GetAttribute("data-job-id"));
        Assert.True(page.Find("#run-detection").HasAttribute("disabled"));

        Events.Publish(new JobEvent(id, "anomaly_detection", "default", JobState.Processing, new JobProgress(0.5, "Scanning risk_index", 0, 1), Now));
        page.WaitForAssertion(() => Assert.Equal("50", page.Find("#run-progress .job-progress").GetAttribute("data-progress")));

        await AnomalyStore.UpsertAsync("risk_index", [new NewAnomaly(Now.AddDays(-14), 105, 42, 9.1, AnomalyMethods.Stl, AnomalySeverity.High)], id, Xunit.TestContext.Current.CancellationToken);
        Events.Publish(new JobEvent(id, "anomaly_detection", "default", JobState.Succeeded, new JobProgress(1), Now));

        page.WaitForAssertion(() => Assert.Single(page.FindAll("#anomaly-table tr[data-anomaly-id]")));
        Assert.Empty(page.FindAll("#run-progress"));
        Assert.Contains($"Detection job #{id} finished.", page.Find("#run-outcome").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("#anomaly-table a.jobs-link"));
    }

    [Fact]
    public void RunDetection_IsDisabled_ForAViewer()
    {
        Authentication.SignIn("vera", JobsRoles.Viewer);
        AddDailySeries();

        var page = Render<AnomaliesPage>();

        Assert.True(page.Find("#run-detection").HasAttribute("disabled"));
        Assert.Empty(Client.Enqueued);
    }

    [Fact]
    public async Task RunDetection_RecordsTheEnqueueInTheAuditLog()
    {
        AddDailySeries();
        var page = Render<AnomaliesPage>();

        await page.Find("#run-detection").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());

        var entry = Assert.Single(Audit.Entries);
        Assert.Equal(AuditActions.JobEnqueue, entry.Action);
        Assert.Equal("1001", entry.TargetId);
    }

    [Fact]
    public void Preview_BandHoldsEveryUnflaggedPoint()
    {
        AddDailySeries();
        var points = SeriesStore.Series["risk_index"];

        var preview = AnomalyPreview.Compute(points, AnomalyMethodChoice.Stl, 2, 3.5, null);

        Assert.Equal(7, preview.Period);
        var flagged = preview.Chart.Flagged.Select(f => f.Index).ToHashSet();
        Assert.Contains(45, flagged);
        for (var i = 0; i < points.Count; i++)
        {
            var inside = points[i].Value >= preview.Chart.BandLower![i] - 1e-9 && points[i].Value <= preview.Chart.BandUpper![i] + 1e-9;
            Assert.Equal(!flagged.Contains(i), inside);
        }
    }
}
