using System.Globalization;
using System.Text.RegularExpressions;
using Jobs.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Jobs.Dashboard.Tests.Browser;

/// <summary>The schedule pages in Chromium against the real app: create a cron schedule through the form, find it in the list, run it and follow its job.</summary>
public sealed partial class SchedulesBrowserTests : IClassFixture<BrowserFixture>
{
    private const string Zone = "Europe/Berlin";
    private readonly BrowserFixture _fixture;

    public SchedulesBrowserTests(BrowserFixture fixture)
    {
        _fixture = fixture;
        // A loaded CI machine may take a while; every wait still ends as soon as its condition holds.
        SetDefaultExpectTimeout(20_000);
    }

    [Fact]
    public async Task CreateCronSchedule_ListedWithNextFire_TriggerLinksToTheEnqueuedJob()
    {
        var ct = TestContext.Current.CancellationToken;
        var name = "browser-daily";
        var page = await _fixture.NewPageAsync();
        await page.OpenAsync("/schedules");
        await page.Locator("#schedule-new").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/schedules/new$"));
        await page.WaitForInteractiveAsync();

        await page.Locator("#schedule-name").FillAsync(name);
        await page.SelectAsync("schedule-job-type", "noop");
        await page.Locator("#schedule-args").FillAsync("{}");
        // The "daily at 09:00" preset is the default; read it in Berlin.
        await Expect(page.Locator("#schedule-cron")).ToHaveValueAsync("0 9 * * *");
        await page.Locator("#schedule-time-zone").FillAsync("Berlin");
        await page.Locator(".mud-popover-open .mud-list-item").GetByText(Zone, new LocatorGetByTextOptions { Exact = true }).ClickAsync();
        await Expect(page.Locator("#schedule-time-zone")).ToHaveValueAsync(Zone);

        var (date, offset) = NextNineOClockInBerlin();
        await Expect(page.Locator("#schedule-summary")).ToHaveTextAsync("every day at 09:00 Europe/Berlin");
        await Expect(page.Locator("#schedule-preview .preview-time")).ToHaveCountAsync(10);
        await Expect(page.Locator("#schedule-preview .preview-time").First).ToContainTextAsync($"{date} 09:00 {offset}");
        await page.ScreenshotAsync("schedule-editor-new");

        await page.Locator("#schedule-save").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/schedules$"));
        var row = page.Locator($"tr.schedule-{name}");
        await Expect(row.Locator(".schedule-summary")).ToHaveTextAsync("every day at 09:00 Europe/Berlin");
        await Expect(row.Locator(".schedule-next div")).ToHaveTextAsync($"{date} 09:00");
        await Expect(row.Locator(".schedule-next-relative")).ToContainTextAsync(offset + " · in ");
        await Expect(row.Locator(".schedule-status")).ToHaveAttributeAsync("data-status", "active");
        await page.ScreenshotAsync("schedules-light");

        await row.Locator(".schedule-trigger").ClickAsync();
        var snackbar = page.Locator(".mud-snackbar").Filter(new LocatorFilterOptions { HasTextRegex = EnqueuedMessage() });
        await Expect(snackbar).ToBeVisibleAsync();
        var id = long.Parse(EnqueuedMessage().Match(await snackbar.InnerTextAsync()).Groups["id"].Value, CultureInfo.InvariantCulture);
        // The list follows the run live: its last-run link appears without a reload.
        await Expect(row.Locator(".schedule-last-run-link")).ToHaveAttributeAsync("href", $"/jobs/{id}");

        await page.Locator("#theme-toggle").ClickAsync();
        await Expect(page.Locator("body")).Not.ToHaveCSSAsync("background-color", "rgb(255, 255, 255)");
        // Off the toggle, so that its tooltip is not in the picture.
        await page.Mouse.MoveAsync(600, 700);
        await page.ScreenshotAsync("schedules-dark");

        await snackbar.Locator(".snackbar-job-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/jobs/{id}$"));
        await Expect(page.Locator("#job-state")).ToHaveTextAsync("Succeeded");
        await Expect(page.Locator("body")).ToContainTextAsync(name);

        var job = await _fixture.App.Services.GetRequiredService<IJobQueries>().GetAsync(id, ct);
        Assert.Contains($"schedule:{name}", job!.Summary.Tags);

        await page.OpenAsync($"/schedules/{name}");
        await Expect(page.Locator($"#schedule-runs tr.job-{id} .run-link")).ToHaveAttributeAsync("href", $"/jobs/{id}");
        await page.ScreenshotAsync("schedule-editor-dark");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Editor_BadCron_ShowsMessageAtTheField_AndSavesNothing()
    {
        var page = await _fixture.NewPageAsync();
        await page.OpenAsync("/schedules/new");

        await page.Locator("#schedule-name").FillAsync("browser-bad");
        await page.Locator("#schedule-cron").FillAsync("0 25 * * *");

        var field = page.Locator(".mud-input-control:has(#schedule-cron) .mud-input-helper-text.mud-input-error");
        await Expect(field).ToContainTextAsync("25");
        await Expect(page.Locator("#schedule-preview")).ToHaveCountAsync(0);
        await page.ScreenshotAsync("schedule-editor-bad-cron");
        await page.Locator("#schedule-save").ClickAsync();
        await Expect(field).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/schedules/new$"));

        await page.OpenAsync("/schedules");
        await Expect(page.Locator("tr.schedule-browser-bad")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    /// <summary>The date of the next 09:00 in Berlin from now, and Berlin's offset then, as the pages write them.</summary>
    private static (string Date, string Offset) NextNineOClockInBerlin()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(Zone);
        var localNow = TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), zone);
        var candidate = localNow.Date.AddHours(9);
        if (candidate <= localNow.DateTime)
        {
            candidate = candidate.AddDays(1);
        }

        var offset = zone.GetUtcOffset(candidate);
        return (candidate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "UTC" + (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"enqueued job #(?<id>\d+)")]
    private static partial Regex EnqueuedMessage();
}
