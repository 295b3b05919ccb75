using System.Collections.Concurrent;
using Jobs.Client;
using Jobs.Dashboard.Tests.Fakes;
using Jobs.Events;
using Jobs.Model;
using Jobs.Processing;
using Jobs.Series;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Jobs.Dashboard.Tests.Browser;

/// <summary>The metrics and anomaly pages in Chromium against the real app: seeded jobs and series, detection from the button, screenshots light and dark.</summary>
public sealed class ChartPagesBrowserTests : IClassFixture<BrowserFixture>
{
    private static readonly TimeSpan ServerWait = TimeSpan.FromSeconds(30);
    private readonly BrowserFixture _fixture;

    public ChartPagesBrowserTests(BrowserFixture fixture)
    {
        _fixture = fixture;
        SetDefaultExpectTimeout(20_000);
    }

    private IServiceProvider Services => _fixture.App.Services;

    [Fact]
    public async Task MetricsPage_WithFinishedJobs_ChartsAndTypeTable_LightAndDark()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = Services.GetRequiredService<IJobClient>();
        var failure = Services.GetRequiredService<FailureSwitch>();
        failure.Failing = false;
        var ok = new List<long>();
        using (var finished = new FinalStates(Services.GetRequiredService<IJobEventStream>()))
        {
            for (var i = 0; i < 5; i++)
            {
                ok.Add((await client.EnqueueAsync(new JobRequest { Type = SwitchedJob.Name }, ct)).JobId);
            }

            await finished.WaitForAsync(ok, ct).WaitAsync(ServerWait, ct);
            failure.Failing = true;
            var failed = (await client.EnqueueAsync(new JobRequest { Type = SwitchedJob.Name, MaxRetries = 0 }, ct)).JobId;
            await finished.WaitForAsync([failed], ct).WaitAsync(ServerWait, ct);
            failure.Failing = false;
        }

        foreach (var theme in new[] { "light", "dark" })
        {
            var page = await NewPageAsync(theme);
            await page.OpenAsync("/metrics");
            var row = page.Locator($"#job-type-table tr[data-type='{SwitchedJob.Name}']");
            await Expect(row.Locator(".total")).ToHaveTextAsync("6");
            await Expect(row.Locator(".success-rate")).ToHaveTextAsync("83.3 %");
            await Expect(page.Locator(".dashboard-chart svg")).ToHaveCountAsync(8);
            await Expect(page.Locator("#chart-throughput .dashboard-chart")).ToHaveAttributeAsync("data-series", "2");
            await Expect(page.Locator("#chart-throughput .dashboard-chart")).ToHaveAttributeAsync("data-theme", theme);
            await page.ScreenshotAsync($"{theme}-metrics");

            // The job type filter narrows the charts to that type.
            await page.SelectAsync("metrics-type", SwitchedJob.Name);
            await Expect(page.Locator("#metrics-empty")).ToHaveCountAsync(0);
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task AnomaliesPage_RunDetectionNow_ShowsProgressThenTheStoredAnomalies_LightAndDark()
    {
        var ct = TestContext.Current.CancellationToken;
        var now = Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var start = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(-59);
        var points = Enumerable.Range(0, 60)
            .Select(i => new SeriesPoint(start.AddDays(i), 40 + (6 * Math.Sin(i * 2 * Math.PI / 7)) + (i % 3) + (i == 44 ? 55 : 0)))
            .ToList();
        await Services.GetRequiredService<ISeriesStore>().AppendAsync("browser_risk", points, ct);

        // Every worker busy, so the detection job waits in the queue and its progress bar is seen before it runs.
        var client = Services.GetRequiredService<IJobClient>();
        var gates = Services.GetRequiredService<JobGates>();
        var blockers = new List<long>();
        for (var i = 0; i < Services.GetRequiredService<IWorkerPoolStatus>().WorkerCount; i++)
        {
            blockers.Add((await client.EnqueueAsync(new JobRequest { Type = GatedJob.Name, Arguments = """{"steps":1}""" }, ct)).JobId);
        }

        foreach (var id in blockers)
        {
            await gates.StartedAsync(id).WaitAsync(ServerWait, ct);
        }

        var page = await NewPageAsync("light");
        await page.OpenAsync("/anomalies?series=browser_risk");
        await Expect(page.Locator("#anomaly-plot .dashboard-chart svg")).ToBeVisibleAsync();
        await Expect(page.Locator("#stl-panel .dashboard-chart")).ToHaveCountAsync(3);
        await Expect(page.Locator("#anomalies-empty")).ToBeVisibleAsync();

        await page.Locator("#run-detection").ClickAsync();
        await Expect(page.Locator("#run-progress")).ToBeVisibleAsync();
        await Expect(page.Locator("#run-progress")).ToContainTextAsync("Waiting for a worker");
        await Expect(page.Locator("#run-detection")).ToBeDisabledAsync();
        await page.ScreenshotAsync("light-anomalies-running");
        foreach (var id in blockers)
        {
            gates.Step(id);
        }

        await Expect(page.Locator("#run-outcome")).ToContainTextAsync("finished");
        await Expect(page.Locator("#run-progress")).ToHaveCountAsync(0);
        var spike = page.Locator("#anomaly-table tr[data-anomaly-id]").Filter(new LocatorFilterOptions { HasText = start.AddDays(44).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
        await Expect(spike).ToHaveCountAsync(1);
        await page.ScreenshotAsync("light-anomalies");
        await page.Context.CloseAsync();

        var dark = await NewPageAsync("dark");
        await dark.OpenAsync("/anomalies?series=browser_risk");
        await Expect(dark.Locator("#anomaly-plot .dashboard-chart")).ToHaveAttributeAsync("data-theme", "dark");
        await Expect(dark.Locator("#anomaly-table tr[data-anomaly-id]").First).ToBeVisibleAsync();
        await dark.ScreenshotAsync("dark-anomalies");

        // A period the series is too short for: the detector's message, and the page keeps working.
        await dark.Locator("#anomaly-period").FillAsync("40");
        await dark.Locator("#anomaly-period").PressAsync("Tab");
        await Expect(dark.Locator("#anomaly-parameter-error")).ToContainTextAsync("STL needs at least two periods (80)");
        await dark.Context.CloseAsync();
    }

    private async Task<IPage> NewPageAsync(string theme)
    {
        var page = await _fixture.NewPageAsync();
        await page.Context.AddCookiesAsync([new Cookie { Name = "jobs-theme", Value = theme, Url = _fixture.App.BaseAddress.ToString() }]);
        return page;
    }

    /// <summary>Collects the jobs that reached a final state, from the engine's event stream (subscribe before enqueueing).</summary>
    private sealed class FinalStates : IDisposable
    {
        private readonly ConcurrentDictionary<long, JobState> _final = new();
        private readonly IDisposable _subscription;
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public FinalStates(IJobEventStream events) => _subscription = events.Subscribe(batch =>
        {
            foreach (var change in batch.Events.Where(e => e.State.IsFinal()))
            {
                _final[change.JobId] = change.State;
            }

            Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            return Task.CompletedTask;
        });

        public async Task WaitForAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
        {
            while (true)
            {
                var changed = Volatile.Read(ref _changed).Task;
                if (ids.All(_final.ContainsKey))
                {
                    return;
                }

                await changed.WaitAsync(cancellationToken);
            }
        }

        public void Dispose() => _subscription.Dispose();
    }
}
