using Bunit;
using Jobs.Dashboard.Actions;
using Jobs.Dashboard.Auth;
using Jobs.Dashboard.Components.JobList;
using Jobs.Dashboard.Tests.Fakes;
using Jobs.Events;
using Jobs.Model;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Dashboard.Tests.Components;

public sealed class JobsPageTests : DashboardComponentTest
{
    [Fact]
    public void Render_ShowsProgressBar_WhileTheStoreAnswers()
    {
        Queries.Hang = true;

        var page = Render<JobsPage>();

        Assert.NotNull(page.Find("#jobs-loading"));
    }

    [Fact]
    public void Render_ShowsError_WhenTheStoreFails()
    {
        Queries.Failure = FakeJobQueries.StoreDown();

        var page = Render<JobsPage>();

        page.WaitForAssertion(() => Assert.Contains("database is locked", page.Find("#jobs-error").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void Render_SaysNoJobsYet_WhenEmpty()
    {
        var page = Render<JobsPage>();

        page.WaitForAssertion(() => Assert.Equal("No jobs yet. Enqueue one to see it here.", page.Find("#jobs-empty").TextContent));
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("#jobs-loading")));
        Assert.True(page.Find("#page-older").HasAttribute("disabled"));
        Assert.Equal(1, Queries.ListCalls);
    }

    [Fact]
    public void Render_EnablesRowButtonsExactlyAsTheStateAllows_ForEveryState()
    {
        foreach (var (state, _, _, _) in JobActionPolicyTests.Table)
        {
            AddJob(10 + (int)state, state);
        }

        var page = Render<JobsPage>();

        page.WaitForAssertion(() => Assert.Equal(8, page.FindAll("tr.job-row").Count));
        foreach (var (state, cancel, retry, delete) in JobActionPolicyTests.Table)
        {
            var row = page.Find($"tr.job-{10 + (int)state}");
            Assert.Equal(state.ToString(), row.QuerySelector(".job-state")!.TextContent.Trim());
            Assert.Equal(!cancel, row.QuerySelector(".row-cancel")!.HasAttribute("disabled"));
            Assert.Equal(!retry, row.QuerySelector(".row-retry")!.HasAttribute("disabled"));
            Assert.Equal(!delete, row.QuerySelector(".row-delete")!.HasAttribute("disabled"));
        }
    }

    [Fact]
    public void CancelClick_AfterConfirmation_CallsTheEngine()
    {
        AddJob(7, JobState.Processing);
        var dialogs = RenderDialogs();
        var page = Render<JobsPage>();
        page.WaitForAssertion(() => page.Find("tr.job-7"));

        page.Find("tr.job-7 .row-cancel").Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll("button").Single(b => b.TextContent.Contains("Cancel job #7", StringComparison.Ordinal)).Click());

        page.WaitForAssertion(() => Assert.Equal([("cancel", 7L)], Client.Calls));
    }

    [Fact]
    public void CancelClick_Dismissed_DoesNotCallTheEngine()
    {
        AddJob(7, JobState.Enqueued);
        var dialogs = RenderDialogs();
        var page = Render<JobsPage>();
        page.WaitForAssertion(() => page.Find("tr.job-7"));

        page.Find("tr.job-7 .row-cancel").Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Keep").Click());

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")));
        Assert.Empty(Client.Calls);
    }

    [Fact]
    public void StateAndProgressEvents_UpdateTheRowInPlace()
    {
        AddJob(5, JobState.Enqueued);
        var page = Render<JobsPage>();
        page.WaitForAssertion(() => page.Find("tr.job-5"));

        Events.Publish(new JobEvent(5, "noop", "default", JobState.Processing, new JobProgress(0.3, "Working"), Now));

        page.WaitForAssertion(() =>
        {
            Assert.Equal("Processing", page.Find("tr.job-5 .job-state").TextContent.Trim());
            Assert.Equal("30", page.Find("tr.job-5 .job-progress").GetAttribute("data-progress"));
            Assert.False(page.Find("tr.job-5 .row-cancel").HasAttribute("disabled"));
            Assert.True(page.Find("tr.job-5 .row-delete").HasAttribute("disabled"));
        });
    }

    [Fact]
    public void Reload_KeepsALiveStart_TheStoreHasNotWrittenYet()
    {
        AddJob(5, JobState.Succeeded);
        var page = Render<JobsPage>();
        page.WaitForAssertion(() => page.Find("tr.job-5"));

        // Job 7 starts before the page has its row; the store writes a start lazily, so a reload still reads Enqueued.
        AddJob(7, JobState.Enqueued);
        Events.Publish(new JobEvent(7, "noop", "default", JobState.Processing, new JobProgress(0.3, "Working"), Now));
        // The page reloads on its own clock (at most once a second): keep the clock moving until it has.
        page.WaitForAssertion(() =>
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal("Processing", page.Find("tr.job-7 .job-state").TextContent.Trim());
            Assert.Equal("30", page.Find("tr.job-7 .job-progress").GetAttribute("data-progress"));
        });

        // Another job's arrival reloads the page again: job 7's row keeps what the events said.
        AddJob(8, JobState.Enqueued);
        Events.Publish(new JobEvent(8, "noop", "default", JobState.Enqueued, null, Now));
        page.WaitForAssertion(() =>
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            page.Find("tr.job-8");
        });
        Assert.Equal("Processing", page.Find("tr.job-7 .job-state").TextContent.Trim());
    }

    [Fact]
    public void Render_ShowsHtmlInTypeAndErrorAsText()
    {
        AddJob(9, JobState.DeadLettered, type: "<b>bold</b>", error: "<script>alert(1)</script>");

        var page = Render<JobsPage>();

        page.WaitForAssertion(() => Assert.Equal("<b>bold</b>", page.Find("tr.job-9 .job-type").TextContent));
        Assert.Equal("<script>alert(1)</script>", page.Find("tr.job-9 .job-error").TextContent);
        Assert.Empty(page.FindAll("tr.job-9 b, tr.job-9 script"));
    }

    [Fact]
    public void Pager_WalksOlderAndNewerPagesByCursor()
    {
        for (var id = 1; id <= 30; id++)
        {
            AddJob(id, JobState.Succeeded);
        }

        var page = Render<JobsPage>();
        page.WaitForAssertion(() => Assert.Equal(25, page.FindAll("tr.job-row").Count));
        Assert.NotNull(page.Find("tr.job-30"));
        Assert.True(page.Find("#page-newer").HasAttribute("disabled"));

        page.Find("#page-older").Click();
        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("tr.job-row").Count));
        Assert.NotNull(page.Find("tr.job-5"));
        Assert.Equal("Page 2", page.Find("#jobs-page-number").TextContent.Trim());
        Assert.True(page.Find("#page-older").HasAttribute("disabled"));

        page.Find("#page-newer").Click();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("tr.job-30")));
        Assert.Equal("Page 1", page.Find("#jobs-page-number").TextContent.Trim());
    }

    [Fact]
    public void CreatedHeader_SortsOldestFirst_OnTheServer()
    {
        for (var id = 1; id <= 3; id++)
        {
            AddJob(id, JobState.Succeeded);
        }

        var page = Render<JobsPage>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("tr.job-row").Count));
        Assert.False(Queries.Filters[^1].OldestFirst);

        page.Find("th[aria-sort] .sortable-column-header").Click();

        page.WaitForAssertion(() => Assert.True(Queries.Filters[^1].OldestFirst));
        page.WaitForAssertion(() => Assert.Equal(["job-1", "job-2", "job-3"], page.FindAll("tr.job-row").Select(r => r.ClassList.First(c => c.StartsWith("job-", StringComparison.Ordinal) && c != "job-row"))));
    }

    [Fact]
    public void Filters_FromTheAddress_ReachTheQuery()
    {
        AddJob(1, JobState.Failed, type: "etl");
        var navigation = Services.GetService<Microsoft.AspNetCore.Components.NavigationManager>()!;
        navigation.NavigateTo("/jobs?state=Failed&type=etl&queue=q1&tag=t%3Cb%3E&q=%25_x");

        Render<JobsPage>();

        var filter = Queries.Filters[^1];
        Assert.Equal(new JobFilter { State = JobState.Failed, Type = "etl", Queue = "q1", Tag = "t<b>", Text = "%_x" }, filter);
    }

    [Fact]
    public void Render_DisablesEveryActionAndEnqueue_ForAViewer()
    {
        Authentication.SignIn("vera", JobsRoles.Viewer);
        foreach (var (state, _, _, _) in JobActionPolicyTests.Table)
        {
            AddJob(10 + (int)state, state);
        }

        var page = Render<JobsPage>();

        page.WaitForAssertion(() => Assert.Equal(8, page.FindAll("tr.job-row").Count));
        Assert.All(page.FindAll("tr.job-row .row-cancel, tr.job-row .row-retry, tr.job-row .row-delete"), b => Assert.True(b.HasAttribute("disabled")));
        Assert.True(page.Find("#enqueue-open").HasAttribute("disabled"));
        Assert.Contains("operator or admin", page.Find("#enqueue-open").GetAttribute("title"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runner_RefusesAViewer_WithoutCallingTheEngine()
    {
        Authentication.SignIn("vera", JobsRoles.Viewer);
        AddJob(7, JobState.Processing);
        var snackbars = Render<MudBlazor.MudSnackbarProvider>();
        var runner = Services.GetRequiredService<JobActionRunner>();

        // As a tampered page would: the button is disabled, but the handler is called anyway.
        var done = await snackbars.InvokeAsync(() => runner.RunAsync(JobAction.Cancel, 7, JobState.Processing, Xunit.TestContext.Current.CancellationToken));
        var many = await snackbars.InvokeAsync(() => runner.RunManyAsync(JobAction.Delete, [(7L, JobState.Succeeded)], Xunit.TestContext.Current.CancellationToken));

        Assert.False(done);
        Assert.Equal(0, many);
        Assert.Empty(Client.Calls);
        Assert.Empty(Audit.Entries);
        snackbars.WaitForAssertion(() => Assert.Contains("Not allowed: vera may not cancel jobs", snackbars.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public void CancelClick_IsRecordedInTheAuditLog_WithTheUser()
    {
        AddJob(7, JobState.Processing);
        var dialogs = RenderDialogs();
        var page = Render<JobsPage>();
        page.WaitForAssertion(() => page.Find("tr.job-7"));

        page.Find("tr.job-7 .row-cancel").Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll("button").Single(b => b.TextContent.Contains("Cancel job #7", StringComparison.Ordinal)).Click());

        page.WaitForAssertion(() => Assert.Equal([("cancel", 7L)], Client.Calls));
        var entry = Assert.Single(Audit.Entries);
        Assert.Equal(("test-operator", AuditActions.JobCancel, AuditTargets.Job, "7", "reason: Cancelled from the dashboard."),
            (entry.Actor, entry.Action, entry.TargetType, entry.TargetId, entry.Details));
    }
}
