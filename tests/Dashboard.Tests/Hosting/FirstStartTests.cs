using System.Globalization;
using System.Text.Json;
using Jobs.Dashboard.Tests.Browser;
using Microsoft.Playwright;

namespace Jobs.Dashboard.Tests.Hosting;

/// <summary>
/// A newcomer's first start, as the README has it but from the built binaries and a foreign working directory:
/// within a minute the first-start refresh and every interval default schedule have succeeded runs, on the shipped sample data.
/// </summary>
public sealed class FirstStartTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    /// <summary>The README's promise: a living system within a minute (counted from the moment the app answers).</summary>
    private static readonly TimeSpan LivingWithin = TimeSpan.FromMinutes(1);

    /// <summary>The interval defaults, which first fire seconds after a first start.</summary>
    private static readonly string[] IntervalSchedules = ["etl", "heatmap", "hourly_refresh", "daily_refresh", "anomaly_detection"];

    [Fact]
    public async Task FirstStart_RunsTheSampleRefreshAndEveryIntervalDefault_WithinAMinute_AndTheOverviewShowsThem()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var run = ProcessTests.StartedApp.Start(urlsArgument: true, ("Auth__Enabled", "false"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await run.App.WaitUntilOkAsync(http, run.Url("/health/ready"), StartTimeout, ct);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(LivingWithin);
        var waiting = new List<string>(["sample-data", .. IntervalSchedules.Select(s => "schedule:" + s)]);
        try
        {
            while (waiting.Count > 0)
            {
                foreach (var tag in waiting.ToList())
                {
                    if (await CountSucceededAsync(http, run, tag, deadline.Token) > 0)
                    {
                        waiting.Remove(tag);
                    }
                }

                if (waiting.Count > 0)
                {
                    // A poll interval, not a wait for time to pass: the loop ends when every run is there, or at the deadline.
                    await Task.Delay(TimeSpan.FromMilliseconds(500), deadline.Token);
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            Assert.Fail($"No succeeded run within {LivingWithin} for: {string.Join(", ", waiting)}.\nJobs: {await http.GetStringAsync(run.Url("/api/jobs?limit=50"), ct)}\nstderr:\n{run.App.StandardError}");
        }

        // The first-start refresh is a data_refresh, and the shipped files were found (the bad one rejected with its reason).
        using (var sample = JsonDocument.Parse(await http.GetStringAsync(run.Url("/api/jobs?tag=sample-data&status=succeeded"), ct)))
        {
            Assert.Equal("data_refresh", sample.RootElement.GetProperty("items")[0].GetProperty("type").GetString());
        }

        Assert.True(File.Exists(Path.Combine(run.Data.Path, "inbox", "rejected", "events-with-errors.csv")), "The shipped sample files were not found and copied into the inbox.");

        await AssertOverviewShowsSucceededJobsAsync(run, minimum: 1 + IntervalSchedules.Length);
    }

    private static async Task<int> CountSucceededAsync(HttpClient http, ProcessTests.StartedApp run, string tag, CancellationToken cancellationToken)
    {
        using var page = JsonDocument.Parse(await http.GetStringAsync(run.Url($"/api/jobs?status=succeeded&tag={Uri.EscapeDataString(tag)}"), cancellationToken));
        return page.RootElement.GetProperty("items").GetArrayLength();
    }

    private static async Task AssertOverviewShowsSucceededJobsAsync(ProcessTests.StartedApp run, int minimum)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFixture.ChromiumPath,
            Headless = true,
            Args = BrowserFixture.ChromiumArgs,
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = run.Url("/").ToString(), ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        page.SetDefaultTimeout(20_000);

        await page.OpenAsync("/");

        var succeeded = page.Locator("#state-counts tr[data-state='Succeeded'] .stat-value");
        await Assertions.Expect(succeeded).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\s*\d+\s*$"));
        var count = int.Parse((await succeeded.InnerTextAsync()).Trim(), CultureInfo.InvariantCulture);
        Assert.True(count >= minimum, $"The overview shows {count} succeeded jobs; at least {minimum} ran.");
        var lastHour = int.Parse((await page.Locator("#stat-processed .stat-value").InnerTextAsync()).Trim(), CultureInfo.InvariantCulture);
        Assert.True(lastHour >= minimum, $"The overview shows {lastHour} succeeded in the last hour; at least {minimum} ran.");
        await page.ScreenshotAsync("first-start-overview");
    }
}
