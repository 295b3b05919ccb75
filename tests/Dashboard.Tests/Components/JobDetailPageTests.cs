using Bunit;
using Jobs.Dashboard.Auth;
using Jobs.Dashboard.Components.JobDetail;
using Jobs.Dashboard.Tests.Fakes;
using Jobs.Events;
using Jobs.Model;
using Microsoft.Extensions.Logging;

namespace Jobs.Dashboard.Tests.Components;

public sealed class JobDetailPageTests : DashboardComponentTest
{
    [Fact]
    public void Render_ShowsProgressBar_WhileTheStoreAnswers()
    {
        Queries.Hang = true;

        var page = Render<JobDetailPage>(p => p.Add(x => x.Id, 1L));

        Assert.NotNull(page.Find("#job-loading .mud-progress-linear"));
    }

    [Fact]
    public void Render_ShowsError_WhenTheStoreFails()
    {
        Queries.Failure = FakeJobQueries.StoreDown();

        var page = Render<JobDetailPage>(p => p.Add(x => x.Id, 1L));

        Assert.Contains("database is locked", page.Find("#job-error").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ShowsNotFound_ForAnUnknownId()
    {
        var page = Render<JobDetailPage>(p => p.Add(x => x.Id, 424242L));

        Assert.Contains("No job has id 424242", page.Find("#job-not-found").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("#job-cancel"));
    }

    [Fact]
    public void Render_ShowsEverythingStored_ForAJob()
    {
        AddDetails(JobState.DeadLettered);

        var page = Render<JobDetailPage>(p => p.Add(x => x.Id, 5L));

        Assert.Contains("Job #5", page.Find("#job-title").TextContent, StringComparison.Ordinal);
        Assert.Equal("DeadLettered", page.Find("#job-state").TextContent.Trim());
        Assert.Contains("nightly-etl", page.Find("#job-schedule").TextContent, StringComparison.Ordinal);
        Assert.Contains("2026-11-25T02:00:00Z", page.Find("#job-schedule").TextContent, StringComparison.Ordinal);
        Assert.Contains("\"rows\": 10", page.Find("#job-arguments pre").TextContent, StringComparison.Ordinal);
        Assert.Equal("/jobs/3", page.Find("#job-dependencies .depends-on a").GetAttribute("href"));
        Assert.Equal("/jobs/9", page.Find("#job-dependencies .dependent a").GetAttribute("href"));
        Assert.Contains("etl", page.Find("#job-tags").TextContent, StringComparison.Ordinal);
        Assert.Contains("Read 10 rows", page.Find("#job-logs").TextContent, StringComparison.Ordinal);
        Assert.Equal(3, page.FindAll("#job-history .mud-timeline-item").Count);
        Assert.Contains("<disk> full", page.Find("#job-attempts .attempt-error").TextContent, StringComparison.Ordinal);
        Assert.Contains("at Etl.Load()", page.Find("#job-attempts .stack-trace").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("#job-attempts disk"));
    }

    [Theory]
    [InlineData(JobState.Processing, false, true)]
    [InlineData(JobState.Enqueued, false, true)]
    [InlineData(JobState.DeadLettered, true, false)]
    [InlineData(JobState.Succeeded, true, true)]
    [InlineData(JobState.Cancelled, true, false)]
    public void Render_EnablesCancelAndRetry_ByState(JobState state, bool cancelDisabled, bool retryDisabled)
    {
        AddDetails(state);

        var page = Render<JobDetailPage>(p => p.Add(x => x.Id, 5L));

        Assert.Equal(cancelDisabled, page.Find("#job-cancel").HasAttribute("disabled"));
        Assert.Equal(retryDisabled, page.Find("#job-retry").HasAttribute("disabled"));
    }

    [Fact]
    public void CancelClick_AfterConfirmation_CallsTheEngine()
    {
        AddDetails(JobState.Processing);
        var dialogs = RenderDialogs();
        var page = Render<JobDetailPage>(p => p.Add(x => x.Id, 5L));

        page.Find("#job-cancel").Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll("button").Single(b => b.TextContent.Contains("Cancel job #5", StringComparison.Ordinal)).Click());

        page.WaitForAssertion(() => Assert.Equal([("cancel", 5L)], Client.Calls));
    }

    [Fact]
    public void ProgressEvent_MovesTheBar_WithoutReload()
    {
        AddDetails(JobState.Processing);
        var page = Render<JobDetailPage>(p => p.Add(x => x.Id, 5L));
        Assert.Equal("20", page.Find("#job-progress .job-progress").GetAttribute("data-progress"));

        Events.Publish(new JobEvent(5, "etl", "default", JobState.Processing, new JobProgress(0.6, "Loading", 6, 10), Now));

        page.WaitForAssertion(() => Assert.Equal("60", page.Find("#job-progress .job-progress").GetAttribute("data-progress")));
        Assert.Contains("6 / 10", page.Find("#job-progress").TextContent, StringComparison.Ordinal);
        Assert.Contains("Loading", page.Find("#job-progress").TextContent, StringComparison.Ordinal);
    }

    private void AddDetails(JobState state)
    {
        var summary = AddJob(5, state, type: "etl", progress: new JobProgress(0.2, "Reading", 2, 10)) with { Tags = ["etl"] };
        Queries.Details[5] = new JobDetails
        {
            Summary = summary,
            Arguments = """{"rows":10}""",
            Metadata = new Dictionary<string, string> { ["schedule"] = "nightly-etl", ["scheduleFireTime"] = "2026-11-25T02:00:00Z" },
            History =
            [
                new JobHistoryEntry(JobState.Enqueued, Now.AddMinutes(-3)),
                new JobHistoryEntry(JobState.Processing, Now.AddMinutes(-2)),
                new JobHistoryEntry(state, Now.AddMinutes(-1), "Because"),
            ],
            Attempts =
            [
                new JobAttempt
                {
                    Number = 1,
                    StartedAt = Now.AddMinutes(-2),
                    FinishedAt = Now.AddMinutes(-1),
                    Outcome = JobState.DeadLettered,
                    Error = new JobError("System.IO.IOException", "<disk> full", "System.IO.IOException: <disk> full\n   at Etl.Load()", false),
                },
            ],
            Logs = [new JobLogLine(1, Now.AddMinutes(-2), LogLevel.Information, "Read 10 rows")],
            DependsOn = [new JobLink(3, "extract", JobState.Succeeded, DependencyCondition.OnSuccess)],
            Dependents = [new JobLink(9, "report", JobState.AwaitingDependencies, DependencyCondition.OnCompletion)],
        };
    }

    [Fact]
    public async Task Render_ShowsWhoDidWhatWhen_InActivity()
    {
        AddDetails(JobState.DeadLettered);
        await Audit.RecordAsync(new AuditRecord("apikey:ci", AuditActions.JobEnqueue, AuditTargets.Job, "5", "type etl"), Xunit.TestContext.Current.CancellationToken);
        await Audit.RecordAsync(new AuditRecord("alice", AuditActions.JobRetry, AuditTargets.Job, "5"), Xunit.TestContext.Current.CancellationToken);
        await Audit.RecordAsync(new AuditRecord("bob", AuditActions.JobCancel, AuditTargets.Job, "6"), Xunit.TestContext.Current.CancellationToken);

        var page = Render<JobDetailPage>(p => p.Add(x => x.Id, 5L));

        var rows = page.FindAll("#job-activity tr.activity-entry");
        Assert.Equal(["apikey:ci", "alice"], rows.Select(r => r.QuerySelector(".activity-actor")!.TextContent));
        Assert.Equal([AuditActions.JobEnqueue, AuditActions.JobRetry], rows.Select(r => r.GetAttribute("data-action")));
        Assert.Contains("type etl", rows[0].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_DisablesActions_ForAViewer()
    {
        Authentication.SignIn("vera", JobsRoles.Viewer);
        AddDetails(JobState.DeadLettered);

        var page = Render<JobDetailPage>(p => p.Add(x => x.Id, 5L));

        Assert.True(page.Find("#job-retry").HasAttribute("disabled"));
        Assert.True(page.Find("#job-delete").HasAttribute("disabled"));
        Assert.Empty(page.FindAll("#job-activity tr.activity-entry"));
        Assert.NotNull(page.Find("#job-activity-empty"));
    }
}
