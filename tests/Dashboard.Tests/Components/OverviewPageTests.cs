using Bunit;
using Jobs.Dashboard.Components.Overview;
using Jobs.Dashboard.Tests.Fakes;
using Jobs.Events;
using Jobs.Model;

namespace Jobs.Dashboard.Tests.Components;

public sealed class OverviewPageTests : DashboardComponentTest
{
    [Fact]
    public void Render_ShowsProgressBar_WhileTheStoreAnswers()
    {
        Queries.Hang = true;

        var page = Render<OverviewPage>();

        Assert.NotNull(page.Find("#overview-loading .mud-progress-linear"));
        Assert.Empty(page.FindAll("#state-counts"));
    }

    [Fact]
    public void Render_ShowsError_WhenTheStoreFails()
    {
        Queries.Failure = FakeJobQueries.StoreDown();

        var page = Render<OverviewPage>();

        Assert.Contains("The job store did not answer: database is locked", page.Find("#overview-error").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("#overview-loading"));
    }

    [Fact]
    public void Render_ShowsZerosAndEmptyLists_WhenThereAreNoJobs()
    {
        var page = Render<OverviewPage>();

        Assert.All(page.FindAll("#state-counts tr"), row => Assert.Equal("0", row.QuerySelector("td:last-child")!.TextContent.Trim()));
        Assert.Equal(8, page.FindAll("#state-counts tr").Count);
        Assert.NotNull(page.Find("#running-empty"));
        Assert.NotNull(page.Find("#failures-empty"));
        Assert.NotNull(page.Find("#queues-empty"));
        Assert.Contains("none waiting", page.Find("#stat-oldest").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ShowsHealthCountsRunningAndFailures_WhenThereAreJobs()
    {
        Workers.BusyCount = 3;
        AddJob(1, JobState.Enqueued);
        AddJob(2, JobState.Processing, progress: new JobProgress(0.4, "Loading rows", 40, 100));
        AddJob(3, JobState.DeadLettered, error: "Disk <full>");
        Queries.ReadyByQueue["default"] = 1;

        var page = Render<OverviewPage>();

        Assert.Equal("3", page.Find("#workers-busy").TextContent);
        Assert.Equal("5", page.Find("#workers-idle").TextContent);
        Assert.Equal("1", page.Find("#state-counts tr[data-state='Processing'] td:last-child").TextContent.Trim());
        Assert.Equal("1", page.Find("#queue-depths tr[data-queue='default'] td:last-child").TextContent.Trim());
        Assert.Contains("1 min 39 s", page.Find("#stat-oldest").TextContent, StringComparison.Ordinal);
        Assert.Equal("40", page.Find("#running-jobs [data-job-id='2'] .job-progress").GetAttribute("data-progress"));
        Assert.Contains("Loading rows", page.Find("#running-jobs [data-job-id='2']").TextContent, StringComparison.Ordinal);
        Assert.Contains("Disk <full>", page.Find("#latest-failures [data-job-id='3']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ProgressEvent_MovesTheRunningJobsBar_WithoutReload()
    {
        AddJob(2, JobState.Processing, progress: new JobProgress(0.1));
        var page = Render<OverviewPage>();
        Queries.Hang = true;

        Events.Publish(new JobEvent(2, "noop", "default", JobState.Processing, new JobProgress(0.75, "Almost"), Now));

        page.WaitForAssertion(() => Assert.Equal("75", page.Find("#running-jobs [data-job-id='2'] .job-progress").GetAttribute("data-progress")));
    }

    [Fact]
    public void Dispose_Unsubscribes()
    {
        var page = Render<OverviewPage>();
        Assert.Equal(1, Events.SubscriberCount);

        page.Instance.Dispose();

        Assert.Equal(0, Events.SubscriberCount);
    }
}
