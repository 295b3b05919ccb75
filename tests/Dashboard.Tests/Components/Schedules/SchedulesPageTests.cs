using Bunit;
using Jobs.Dashboard.Actions;
using Jobs.Dashboard.Auth;
using Jobs.Dashboard.Components.Schedules;
using Jobs.Events;
using Jobs.Model;
using Jobs.Scheduling.Model;
using Microsoft.Extensions.DependencyInjection;
using TestContext = Xunit.TestContext;

namespace Jobs.Dashboard.Tests.Components.Schedules;

/// <summary>The schedules table against the real schedule service: columns, the buttons each state offers, and the actions.</summary>
public sealed class SchedulesPageTests : ScheduleComponentTest
{
    [Fact]
    public async Task Row_ShowsTriggerInWords_AndNextFireInTheSchedulesZone()
    {
        await Schedules.CreateAsync(new ScheduleDefinition { Name = "berlin", JobType = "noop", Cron = "0 9 * * *", TimeZone = "Europe/Berlin" }, TestContext.Current.CancellationToken);

        var page = Render<SchedulesPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("tr.schedule-berlin")));
        var row = page.Find("tr.schedule-berlin");
        Assert.Equal("every day at 09:00 Europe/Berlin", row.QuerySelector(".schedule-summary")!.TextContent.Trim());
        Assert.Equal("noop", row.QuerySelector(".schedule-type")!.TextContent.Trim());
        // Now is 2026-11-25 12:00 UTC; the next 09:00 in Berlin is tomorrow, 08:00 UTC.
        Assert.Equal("2026-11-26 09:00", row.QuerySelector(".schedule-next div")!.TextContent.Trim());
        Assert.Equal("UTC+01:00 · in 20 h 0 min", row.QuerySelector(".schedule-next-relative")!.TextContent.Trim());
        Assert.Equal("—", row.QuerySelector(".schedule-last-run")!.TextContent.Trim());
    }

    [Fact]
    public async Task Buttons_OfferPauseForActive_AndResumeForPaused()
    {
        var ct = TestContext.Current.CancellationToken;
        await Schedules.CreateAsync(new ScheduleDefinition { Name = "active", JobType = "noop", Every = "15m" }, ct);
        await Schedules.CreateAsync(new ScheduleDefinition { Name = "stopped", JobType = "noop", Every = "15m" }, ct);
        await Schedules.PauseAsync("stopped", ct);

        var page = Render<SchedulesPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tr.schedule-row").Count));
        var active = page.Find("tr.schedule-active");
        Assert.NotNull(active.QuerySelector(".schedule-pause"));
        Assert.Null(active.QuerySelector(".schedule-resume"));
        Assert.Equal("active", active.QuerySelector(".schedule-status")!.GetAttribute("data-status"));
        var paused = page.Find("tr.schedule-stopped");
        Assert.NotNull(paused.QuerySelector(".schedule-resume"));
        Assert.Null(paused.QuerySelector(".schedule-pause"));
        Assert.Equal("paused", paused.QuerySelector(".schedule-status")!.GetAttribute("data-status"));
        foreach (var row in new[] { active, paused })
        {
            Assert.NotNull(row.QuerySelector(".schedule-trigger"));
            Assert.NotNull(row.QuerySelector(".schedule-edit"));
            Assert.NotNull(row.QuerySelector(".schedule-delete"));
        }
    }

    [Fact]
    public async Task Pause_PausesTheSchedule_AndTheRowOffersResume()
    {
        var ct = TestContext.Current.CancellationToken;
        await Schedules.CreateAsync(new ScheduleDefinition { Name = "active", JobType = "noop", Every = "15m" }, ct);
        RenderDialogs();
        var page = Render<SchedulesPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("tr.schedule-active .schedule-pause")));

        page.Find("tr.schedule-active .schedule-pause").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("tr.schedule-active .schedule-resume")));
        Assert.True((await Schedules.GetAsync("active", ct))!.Paused);
    }

    [Fact]
    public async Task Pause_IsAudited_WithTheAdmin()
    {
        var ct = TestContext.Current.CancellationToken;
        await Schedules.CreateAsync(new ScheduleDefinition { Name = "active", JobType = "noop", Every = "15m" }, ct);
        var page = Render<SchedulesPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("tr.schedule-active .schedule-pause")));

        page.Find("tr.schedule-active .schedule-pause").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("tr.schedule-active .schedule-resume")));
        var entry = Assert.Single(Audit.Entries);
        Assert.Equal((AuditActions.SchedulePause, "ada", AuditTargets.Schedule, "active"), (entry.Action, entry.Actor, entry.TargetType, entry.TargetId));
    }

    [Fact]
    public async Task Operator_IsOfferedTrigger_ButNoEdits_AndTheRunnerRefusesAPause()
    {
        var ct = TestContext.Current.CancellationToken;
        Authentication.SignIn("otto", JobsRoles.Operator);
        await Schedules.CreateAsync(new ScheduleDefinition { Name = "active", JobType = "noop", Every = "15m" }, ct);
        var page = Render<SchedulesPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("tr.schedule-active .schedule-trigger")));
        Assert.Empty(page.FindAll("tr.schedule-active .schedule-pause"));
        Assert.Empty(page.FindAll("tr.schedule-active .schedule-delete"));

        // As a tampered page would: the button is not offered, but the handler is called anyway.
        var runner = Services.GetRequiredService<ScheduleActionRunner>();
        var paused = await page.InvokeAsync(() => runner.PauseAsync("active", paused: false, ct));
        page.Find("tr.schedule-active .schedule-trigger").Click();

        Assert.False(paused);
        Assert.False((await Schedules.GetAsync("active", ct))!.Paused);
        page.WaitForAssertion(() => Assert.Equal(AuditActions.ScheduleTrigger, Assert.Single(Audit.Entries).Action));
    }

    [Fact]
    public async Task Delete_AsksFirst_ThenDeletes()
    {
        var ct = TestContext.Current.CancellationToken;
        await Schedules.CreateAsync(new ScheduleDefinition { Name = "doomed", JobType = "noop", Every = "15m" }, ct);
        var dialogs = RenderDialogs();
        var page = Render<SchedulesPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("tr.schedule-doomed")));

        page.Find("tr.schedule-doomed .schedule-delete").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("Delete schedule doomed?", dialogs.Markup, StringComparison.Ordinal));
        Assert.NotNull(await Schedules.GetAsync("doomed", ct));
        dialogs.FindAll("button").Single(b => b.TextContent.Contains("Delete doomed", StringComparison.Ordinal)).Click();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#schedules-empty")));
        Assert.Null(await Schedules.GetAsync("doomed", ct));
    }

    [Fact]
    public async Task NextFire_MovesOn_WithTheRefreshTimer()
    {
        await Schedules.CreateAsync(new ScheduleDefinition { Name = "soon", JobType = "noop", Cron = "0 13 * * *" }, TestContext.Current.CancellationToken);
        var page = Render<SchedulesPage>();
        page.WaitForAssertion(() => Assert.Contains("in 1 h 0 min", page.Find("tr.schedule-soon .schedule-next").TextContent, StringComparison.Ordinal));

        Time.Advance(TimeSpan.FromMinutes(30));

        page.WaitForAssertion(() => Assert.Contains("in 30 min", page.Find("tr.schedule-soon .schedule-next").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task JobEvent_OfAScheduledType_RereadsTheList()
    {
        var ct = TestContext.Current.CancellationToken;
        await Schedules.CreateAsync(new ScheduleDefinition { Name = "runs", JobType = "noop", Every = "15m", Overlap = ScheduleOverlapPolicy.Allow }, ct);
        var page = Render<SchedulesPage>();
        page.WaitForAssertion(() => Assert.Equal("—", page.Find("tr.schedule-runs .schedule-last-run").TextContent.Trim()));

        var fired = await Schedules.TriggerAsync("runs", ct);
        Events.Publish(new JobEvent(fired!.JobId!.Value, "noop", "default", JobState.Enqueued, null, Now));

        page.WaitForAssertion(() => Assert.Equal($"/jobs/{fired.JobId}", page.Find("tr.schedule-runs .schedule-last-run-link").GetAttribute("href")));
    }
}
