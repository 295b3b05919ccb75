using System.Text.Json;
using Jobs.Dashboard.Api.Admin;
using Jobs.Dashboard.Tests.Api;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Jobs.Dashboard.Tests.Browser;

/// <summary>The example pipeline in a real browser: the job page shows the chain and views the report from the artifact endpoint.</summary>
public sealed class PipelineJobPageBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task ReportJobPage_ShowsTheChainLive_AndViewsTheReportInline()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        using var response = await http.PostAsync(new Uri("api/pipelines", UriKind.Relative), ApiTestHttp.RawJson(PipelinesApiTests.ExamplePipeline()), ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
        using var submission = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var ids = submission.RootElement.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("jobId").GetInt64()).ToList();
        var page = await fixture.NewPageAsync();

        await page.OpenAsync($"/jobs/{ids[3]}");

        var steps = page.Locator("#job-chain .chain-step");
        await Expect(steps).ToHaveCountAsync(4);
        // Live: the states reach Succeeded on this open page, whatever they were when it loaded.
        foreach (var id in ids)
        {
            await Expect(page.Locator($"#job-chain .chain-step[data-job-id='{id}']")).ToHaveAttributeAsync("data-state", "Succeeded");
        }

        var shownOrder = await steps.EvaluateAllAsync<string[]>("els => els.map(e => e.getAttribute('data-job-id'))");
        Assert.Equal(ids.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), shownOrder);
        await Expect(page.Locator("#job-chain .chain-step").Nth(0).Locator("a")).ToHaveAttributeAsync("href", $"/jobs/{ids[0]}");

        var report = page.Locator("#job-artifacts tr.artifact[data-name='report.html']");
        await Expect(report).ToBeVisibleAsync();
        await Expect(report.Locator("a.artifact-download")).ToHaveAttributeAsync("href", $"/api/jobs/{ids[3]}/artifacts/report.html?download=true");
        await report.Locator(".artifact-view").ClickAsync();

        var frame = page.FrameLocator("#artifact-preview iframe.artifact-frame");
        await Expect(frame.Locator("h1")).ToHaveTextAsync("Events of 2026-11-01");
        await page.ScreenshotAsync("job-detail-pipeline-report");

        // Nothing was left unfinished for the next test's fixture state.
        var final = await fixture.App.Services.GetRequiredService<JobOutcomeAwaiter>().WaitAsync(ids[3], TimeSpan.FromSeconds(5), ct);
        Assert.Equal(Jobs.Model.JobState.Succeeded, final?.Summary.State);
    }
}
