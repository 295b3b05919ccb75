using Bunit;
using Jobs.Dashboard.Components.Schedules;
using Jobs.Scheduling.Model;
using Jobs.Scheduling.Validation;
using Microsoft.Extensions.DependencyInjection;
using TestContext = Xunit.TestContext;

namespace Jobs.Dashboard.Tests.Components.Schedules;

/// <summary>The schedule editor against the real schedule service: messages at their fields, the debounced preview, and saving.</summary>
public sealed class ScheduleEditorPageTests : ScheduleComponentTest
{

    [Fact]
    public void Preview_ListsTenFireTimesInWords_ForTheDefaultDailyPreset()
    {
        var page = Render<ScheduleEditorPage>();

        var times = page.FindAll("#schedule-preview .preview-time");
        Assert.Equal(10, times.Count);
        // The clock says Wednesday 2026-11-25 12:00 UTC: today's 09:00 has passed.
        Assert.StartsWith("Thu 2026-11-26 09:00 UTC", times[0].TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("every day at 09:00 UTC", page.Find("#schedule-summary").TextContent.Trim());
    }

    [Fact]
    public void Preview_Updates_WhenTheExpressionChanges_AfterTypingPauses()
    {
        var page = Render<ScheduleEditorPage>();

        page.Find("#schedule-cron").Input("30 14 * * MON");

        // Still the old list while the user may be typing.
        Assert.StartsWith("Thu 2026-11-26 09:00", page.FindAll("#schedule-preview .preview-time")[0].TextContent.Trim(), StringComparison.Ordinal);
        Time.Advance(ScheduleEditorPage.PreviewDelay);
        page.WaitForAssertion(() =>
        {
            var times = page.FindAll("#schedule-preview .preview-time");
            Assert.Equal(10, times.Count);
            Assert.StartsWith("Mon 2026-11-30 14:30 UTC", times[0].TextContent.Trim(), StringComparison.Ordinal);
            Assert.StartsWith("Mon 2026-12-07 14:30 UTC", times[1].TextContent.Trim(), StringComparison.Ordinal);
        });
        Assert.Equal("every Monday at 14:30 UTC", page.Find("#schedule-summary").TextContent.Trim());
    }

    [Fact]
    public async Task Preview_FollowsThePreset_WhenWeeklyIsChosen()
    {
        var page = Render<ScheduleEditorPage>();

        // The change handler waits out the preview delay on the fake clock: move the clock before awaiting it.
        var changed = page.InvokeAsync(() => page.FindComponents<MudBlazor.MudSelect<CronPresetKind>>().Single().Instance.ValueChanged.InvokeAsync(CronPresetKind.Weekly));
        Time.Advance(ScheduleEditorPage.PreviewDelay);
        await changed;

        page.WaitForAssertion(() => Assert.Equal("0 9 * * MON", page.Find("#schedule-cron").GetAttribute("value")));
        page.WaitForAssertion(() => Assert.StartsWith("Mon 2026-11-30 09:00 UTC", page.FindAll("#schedule-preview .preview-time")[0].TextContent.Trim(), StringComparison.Ordinal));
    }

    [Fact]
    public void BadCron_ShowsTheServiceMessageAtTheCronField_AndEmptiesThePreview()
    {
        var page = Render<ScheduleEditorPage>();

        page.Find("#schedule-cron").Input("0 25 * * *");
        Time.Advance(ScheduleEditorPage.PreviewDelay);

        var expected = ServiceMessage(new ScheduleDefinition { Name = "x", JobType = "noop", Cron = "0 25 * * *" }, "cron");
        page.WaitForAssertion(() => Assert.Equal(expected, FieldError(page, "schedule-cron")));
        Assert.Empty(page.FindAll("#schedule-preview"));
        Assert.Empty(page.FindAll("#schedule-summary"));
    }

    [Fact]
    public async Task UnknownTimeZone_ShowsTheServiceMessageAtTheZoneField()
    {
        var page = Render<ScheduleEditorPage>();

        var zone = page.FindComponents<MudBlazor.MudAutocomplete<string>>().Single();
        // The change handler waits out the preview delay on the fake clock: move the clock before awaiting it.
        var changed = page.InvokeAsync(() => zone.Instance.ValueChanged.InvokeAsync("Mars/Olympus_Mons"));
        Time.Advance(ScheduleEditorPage.PreviewDelay);
        await changed;

        var expected = ServiceMessage(new ScheduleDefinition { Name = "x", JobType = "noop", Cron = "0 9 * * *", TimeZone = "Mars/Olympus_Mons" }, "timeZone");
        Assert.Contains("Mars/Olympus_Mons", expected, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Equal(expected, FieldError(page, "schedule-time-zone")));
        Assert.Empty(page.FindAll("#schedule-preview"));
    }

    [Fact]
    public async Task EndBeforeStart_ShowsTheServiceMessageAtTheEndField_AndSavesNothing()
    {
        var page = Render<ScheduleEditorPage>();
        page.Find("#schedule-name").Input("nightly");
        page.Find("#schedule-start").Input("2026-12-10T09:00");
        page.Find("#schedule-end").Input("2026-12-01T09:00");
        Time.Advance(ScheduleEditorPage.PreviewDelay);

        page.WaitForAssertion(() => Assert.StartsWith("The end (2026-12-01 09:00:00 +00:00) must be after the start (2026-12-10 09:00:00 +00:00)", FieldError(page, "schedule-end"), StringComparison.Ordinal));

        page.Find("#schedule-save").Click();

        page.WaitForAssertion(() => Assert.NotNull(FieldError(page, "schedule-end")));
        Assert.Empty(await Schedules.ListAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Save_ShowsNameMessageAtTheNameField_WhenTheNameIsTaken()
    {
        await Schedules.CreateAsync(new ScheduleDefinition { Name = "nightly", JobType = "noop", Cron = "0 1 * * *" }, TestContext.Current.CancellationToken);
        var page = Render<ScheduleEditorPage>();
        page.Find("#schedule-name").Input("nightly");

        page.Find("#schedule-save").Click();

        page.WaitForAssertion(() => Assert.Contains("nightly", FieldError(page, "schedule-name") ?? "", StringComparison.Ordinal));
        var stored = await Schedules.GetAsync("nightly", TestContext.Current.CancellationToken);
        Assert.Equal("0 1 * * *", stored?.Definition.Cron);
    }

    [Fact]
    public void InvalidJson_IsMarkedAtTheArgumentsField_BeforeSaving()
    {
        var page = Render<ScheduleEditorPage>();

        page.Find("#schedule-args").Input("{\"a\":");

        page.WaitForAssertion(() => Assert.NotNull(FieldError(page, "schedule-args")));
    }

    [Fact]
    public async Task Edit_LoadsTheDefinition_AndListsRecentRuns()
    {
        await Schedules.CreateAsync(new ScheduleDefinition { Name = "berlin", JobType = "noop", Cron = "0 9 * * *", TimeZone = "Europe/Berlin" }, TestContext.Current.CancellationToken);

        var page = Render<ScheduleEditorPage>(p => p.Add(x => x.Name, "berlin"));

        page.WaitForAssertion(() => Assert.Equal("every day at 09:00 Europe/Berlin", page.Find("#schedule-summary").TextContent.Trim()));
        // 09:00 in Berlin is 08:00 UTC in winter.
        Assert.StartsWith("Thu 2026-11-26 09:00 UTC+01:00", page.FindAll("#schedule-preview .preview-time")[0].TextContent.Trim(), StringComparison.Ordinal);
        Assert.True(page.Find("#schedule-name").HasAttribute("disabled"));
        // The stored expression is shown as the preset that writes it.
        Assert.Equal("Daily", page.Find("#schedule-preset").GetAttribute("value"));
        Assert.Equal("09:00", page.Find("#schedule-preset-time").GetAttribute("value"));
        Assert.NotNull(page.Find("#schedule-runs-empty"));
    }

    [Fact]
    public void Edit_SaysSo_WhenTheScheduleDoesNotExist()
    {
        var page = Render<ScheduleEditorPage>(p => p.Add(x => x.Name, "nope"));

        page.WaitForAssertion(() => Assert.Contains("No schedule is named nope", page.Find("#schedule-not-found").TextContent, StringComparison.Ordinal));
    }

    /// <summary>What the schedule service itself says about <paramref name="field"/> of <paramref name="definition"/>.</summary>
    private string ServiceMessage(ScheduleDefinition definition, string field)
    {
        var error = Assert.Throws<ScheduleValidationException>(() => Schedules.Preview(definition));
        return string.Join(" ", error.Errors[field]);
    }

    /// <summary>The error text MudBlazor shows under the input with id <paramref name="inputId"/>, or null.</summary>
    private static string? FieldError(IRenderedComponent<ScheduleEditorPage> page, string inputId)
    {
        var control = page.FindAll(".mud-input-control").FirstOrDefault(c => c.QuerySelector($"#{inputId}") is not null);
        return control?.QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent.Trim() is { Length: > 0 } text ? text : null;
    }
}
