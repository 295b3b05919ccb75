using System.Globalization;
using System.Text.RegularExpressions;
using Jobs.Client;
using Jobs.Dashboard.Tests.Fakes;
using Jobs.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Jobs.Dashboard.Tests.Browser;

/// <summary>The dashboard in Chromium against the real app on Kestrel: live progress, cancel, dead-letter retry, bad input, and screenshots of every page.</summary>
public sealed partial class DashboardBrowserTests : IClassFixture<BrowserFixture>
{
    private static readonly TimeSpan ServerWait = TimeSpan.FromSeconds(30);
    private readonly BrowserFixture _fixture;

    public DashboardBrowserTests(BrowserFixture fixture)
    {
        _fixture = fixture;
        // A loaded CI machine may take a while; every wait still ends as soon as its condition holds.
        SetDefaultExpectTimeout(20_000);
    }

    private IServiceProvider Services => _fixture.App.Services;

    [Fact]
    public async Task EnqueueDialog_LongJob_ProgressMovesLiveOnListAndDetail_ThenCancelled()
    {
        var ct = TestContext.Current.CancellationToken;
        var gates = Services.GetRequiredService<JobGates>();
        var page = await _fixture.NewPageAsync();
        await page.OpenAsync("/jobs");

        await page.Locator("#enqueue-open").ClickAsync();
        await page.SelectAsync("enqueue-type", GatedJob.Name);
        await page.Locator("#enqueue-args").FillAsync("""{"steps": 4}""");
        await page.Locator("#enqueue-tags").FillAsync("browser, gated");
        await page.ScreenshotAsync("enqueue-dialog");
        await page.Locator("#enqueue-submit").ClickAsync();
        var snackbar = page.Locator(".mud-snackbar").Filter(new LocatorFilterOptions { HasTextRegex = EnqueuedMessage() });
        await Expect(snackbar).ToBeVisibleAsync();
        var id = long.Parse(EnqueuedMessage().Match(await snackbar.InnerTextAsync()).Groups["id"].Value, CultureInfo.InvariantCulture);
        await gates.StartedAsync(id).WaitAsync(ServerWait, ct);

        // A marker in the window: it survives Blazor's in-page navigation and would be lost on a reload.
        await page.EvaluateAsync("() => window.__noReload = 'still here'");
        var row = page.Locator($"tr.job-{id}");
        await Expect(row.Locator(".job-state")).ToHaveTextAsync("Processing");
        await Expect(row.Locator(".job-progress")).ToHaveAttributeAsync("data-progress", "0");
        gates.Step(id);
        await Expect(row.Locator(".job-progress")).ToHaveAttributeAsync("data-progress", "25");
        gates.Step(id);
        await Expect(row.Locator(".job-progress")).ToHaveAttributeAsync("data-progress", "50");
        await page.ScreenshotAsync("jobs-live-progress");

        await row.Locator(".job-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/jobs/{id}$"));
        var progress = page.Locator("#job-progress .job-progress");
        await Expect(progress).ToHaveAttributeAsync("data-progress", "50");
        gates.Step(id);
        await Expect(progress).ToHaveAttributeAsync("data-progress", "75");
        await Expect(page.Locator("#job-progress")).ToContainTextAsync("Step 3 of 4");
        Assert.Equal("still here", await page.EvaluateAsync<string>("() => window.__noReload"));
        await page.ScreenshotAsync("job-detail-running");

        await page.Locator("#job-cancel").ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = $"Cancel job #{id}" }).ClickAsync();
        await Expect(page.Locator("#job-state")).ToHaveTextAsync("Cancelled");
        await Expect(page.Locator("#job-cancel")).ToBeDisabledAsync();
        await Expect(page.Locator("#job-retry")).ToBeEnabledAsync();
        await page.ScreenshotAsync("job-detail-cancelled");

        var stored = await Services.GetRequiredService<IJobQueries>().GetAsync(id, ct);
        Assert.Equal(JobState.Cancelled, stored?.Summary.State);
        Assert.Equal(["browser", "gated"], stored?.Summary.Tags);
        Assert.Equal("""{"steps": 4}""", stored?.Arguments);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task DeadLetterPage_RetryFailedJob_JobSucceeds()
    {
        var ct = TestContext.Current.CancellationToken;
        var failure = Services.GetRequiredService<FailureSwitch>();
        var client = Services.GetRequiredService<IJobClient>();
        var page = await _fixture.NewPageAsync();
        await page.OpenAsync("/dead-letter");

        failure.Failing = true;
        var job = await client.EnqueueAsync(new JobRequest { Type = SwitchedJob.Name, Arguments = """{"message":"Upstream said no"}""", MaxRetries = 0 }, ct);

        // Dead-lettered while the page is open: it appears without a reload.
        var row = page.Locator($"tr.dlq-row.job-{job.JobId}");
        await Expect(row).ToContainTextAsync("Upstream said no");
        await Expect(page.Locator("#dlq-groups")).ToContainTextAsync(SwitchedJob.Name);
        await page.ScreenshotAsync("dead-letter");

        failure.Failing = false;
        await row.Locator(".row-retry").ClickAsync();
        await Expect(page.Locator(".mud-snackbar").Filter(new LocatorFilterOptions { HasText = $"Job #{job.JobId} retried." })).ToBeVisibleAsync();
        await Expect(row).ToHaveCountAsync(0);

        await page.OpenAsync($"/jobs/{job.JobId}");
        await Expect(page.Locator("#job-state")).ToHaveTextAsync("Succeeded");
        await Expect(page.Locator("#job-attempts .attempt")).ToHaveCountAsync(2);
        await Expect(page.Locator("#job-result")).ToContainTextAsync("\"done\"");
        await page.ScreenshotAsync("job-detail-succeeded-after-retry");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task JobDetail_UnknownId_ShowsNotFound()
    {
        var page = await _fixture.NewPageAsync();
        await page.OpenAsync("/jobs/987654321");

        await Expect(page.Locator("#job-not-found")).ToContainTextAsync("No job has id 987654321");
        await Expect(page).ToHaveTitleAsync(new Regex("Job #987654321"));
        await page.ScreenshotAsync("job-not-found");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("/jobs/not-a-number")]
    [InlineData("/no/such/page")]
    public async Task UnknownAddress_ShowsNotFoundPage_With404(string path)
    {
        var page = await _fixture.NewPageAsync();
        var response = await page.GotoAsync(path);

        Assert.Equal(404, response?.Status);
        await Expect(page.Locator("#not-found")).ToBeVisibleAsync();
        await page.WaitForInteractiveAsync();
        await page.ScreenshotAsync("not-found");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task JobsPage_FilterWithOddCharacters_ShowsNoMatchWithoutError()
    {
        var page = await _fixture.NewPageAsync();
        await page.OpenAsync("/jobs?q=" + Uri.EscapeDataString("%_'\"<>;--") + "&tag=" + Uri.EscapeDataString("a b/c?d") + "&state=NoSuchState");

        await Expect(page.Locator("#jobs-empty")).ToHaveTextAsync("No job matches these filters.");
        await Expect(page.Locator("#jobs-error")).ToHaveCountAsync(0);

        await page.Locator("#filter-text").FillAsync("<script>alert(1)</script>");
        await Expect(page).ToHaveURLAsync(new Regex("q=%3Cscript%3Ealert"));
        await Expect(page.Locator("#jobs-empty")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task HtmlInJobTypeAndError_IsShownAsText()
    {
        var ct = TestContext.Current.CancellationToken;
        Services.GetRequiredService<FailureSwitch>().Failing = true;
        const string message = "<img src=x onerror=\"window.__xss=1\"><i>boom</i>";
        var job = await Services.GetRequiredService<IJobClient>().EnqueueAsync(
            new JobRequest { Type = TestJobRegistration.HtmlNamedType, Arguments = $$"""{"message":{{System.Text.Json.JsonSerializer.Serialize(message)}}}""", MaxRetries = 0 }, ct);
        var page = await _fixture.NewPageAsync();

        await page.OpenAsync($"/jobs/{job.JobId}");
        await Expect(page.Locator("#job-state")).ToHaveTextAsync("DeadLettered");
        await Expect(page.Locator("#job-title")).ToContainTextAsync(TestJobRegistration.HtmlNamedType);
        await Expect(page.Locator("#job-attempts .attempt-error")).ToContainTextAsync(message);

        await page.OpenAsync($"/jobs?type={Uri.EscapeDataString(TestJobRegistration.HtmlNamedType)}");
        await Expect(page.Locator($"tr.job-{job.JobId} .job-type")).ToHaveTextAsync(TestJobRegistration.HtmlNamedType);
        await Expect(page.Locator($"tr.job-{job.JobId} .job-error")).ToHaveTextAsync(message);

        await page.OpenAsync("/dead-letter");
        await Expect(page.Locator($"tr.job-{job.JobId} .job-error")).ToContainTextAsync(message);

        // Nothing of it became markup anywhere.
        Assert.Equal(0, await page.Locator("main b, main img[src='x'], main i").CountAsync());
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__xss"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task EnqueueDialog_MalformedJson_ShowsErrorAndEnqueuesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var queries = Services.GetRequiredService<IJobQueries>();
        var before = (await queries.CountByStateAsync(ct)).Values.Sum();
        var page = await _fixture.NewPageAsync();
        await page.OpenAsync("/jobs");

        await page.Locator("#enqueue-open").ClickAsync();
        await page.SelectAsync("enqueue-type", GatedJob.Name);
        await page.Locator("#enqueue-args").FillAsync("{\"steps\": ");
        await page.Locator("#enqueue-submit").ClickAsync();

        await Expect(page.Locator("#enqueue-errors")).ToContainTextAsync("args: Not valid JSON");
        await Expect(page.Locator(".mud-dialog")).ToBeVisibleAsync();
        await page.ScreenshotAsync("enqueue-dialog-bad-json");

        // JSON that parses but does not fit the job's arguments: the engine's field error is shown.
        await page.Locator("#enqueue-args").FillAsync("{\"steps\": \"many\"}");
        await page.Locator("#enqueue-submit").ClickAsync();
        await Expect(page.Locator("#enqueue-errors")).ToContainTextAsync("args: The arguments do not fit GatedArgs");
        Assert.Equal(before, (await queries.CountByStateAsync(ct)).Values.Sum());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task EveryPage_LightAndDark_RendersAndThemeIsRemembered()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = Services.GetRequiredService<IJobClient>();
        var gates = Services.GetRequiredService<JobGates>();
        Services.GetRequiredService<FailureSwitch>().Failing = true;
        var running = await client.EnqueueAsync(new JobRequest { Type = GatedJob.Name, Arguments = """{"steps":4}""", Tags = ["screenshot"], Metadata = new Dictionary<string, string> { ["schedule"] = "nightly-etl", ["scheduleFireTime"] = "2026-11-25T02:00:00Z" } }, ct);
        await client.EnqueueAsync(new JobRequest { Type = SwitchedJob.Name, MaxRetries = 0 }, ct);
        await client.EnqueueAsync(new JobRequest { Type = "noop", Delay = TimeSpan.FromHours(1), Queue = "reports", DependsOn = [JobDependency.On(running.JobId)] }, ct);
        await gates.StartedAsync(running.JobId).WaitAsync(ServerWait, ct);
        gates.Step(running.JobId);

        var page = await _fixture.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            // The not-found page is served with status 404 on purpose; the browser logs that.
            if (message.Type == "error" && !message.Text.Contains("404", StringComparison.Ordinal))
            {
                consoleErrors.Add(message.Text);
            }
        };
        (string Path, string Name)[] pages = [("/", "overview"), ("/jobs", "jobs"), ($"/jobs/{running.JobId}", "job-detail"), ("/dead-letter", "dead-letter"), ("/no/such/page", "not-found")];
        foreach (var theme in new[] { "light", "dark" })
        {
            foreach (var (path, name) in pages)
            {
                await page.OpenAsync(path);
                await Expect(page.Locator(".mud-typography-h4").First).ToBeVisibleAsync();
                await page.ScreenshotAsync($"{theme}-{name}");
            }

            if (theme == "light")
            {
                await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", "rgb(255, 255, 255)");
                await page.Locator("#theme-toggle").ClickAsync();
                await Expect(page.Locator("body")).Not.ToHaveCSSAsync("background-color", "rgb(255, 255, 255)");
            }
        }

        // The choice survives a reload: the cookie makes the first paint dark already.
        var cookies = await page.Context.CookiesAsync();
        Assert.Contains(cookies, c => c.Name == "jobs-theme" && c.Value == "dark");
        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await Expect(page.Locator("body")).Not.ToHaveCSSAsync("background-color", "rgb(255, 255, 255)");

        // MudBlazor's styles and scripts loaded (unstyled pages would still "work").
        Assert.Equal("flex", await page.Locator(".mud-appbar .mud-toolbar").EvaluateAsync<string>("e => getComputedStyle(e).display"));
        Assert.Empty(consoleErrors);
        gates.Step(running.JobId);
        await page.Context.CloseAsync();
    }

    [GeneratedRegex(@"Enqueued job #(?<id>\d+)")]
    private static partial Regex EnqueuedMessage();
}
