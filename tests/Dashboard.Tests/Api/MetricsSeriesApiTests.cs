using System.Globalization;
using System.Net;
using Jobs.Anomalies;
using Jobs.Dashboard.Tests.Fakes;
using Jobs.Dashboard.Tests.Infrastructure;
using Jobs.Metrics;
using Jobs.Series;
using Microsoft.Extensions.DependencyInjection;
using static Jobs.Dashboard.Tests.Api.ApiTestHttp;

namespace Jobs.Dashboard.Tests.Api;

/// <summary>The metrics series, job-type table, process, series and anomaly routes against the real app.</summary>
public sealed class MetricsSeriesApiTests(MetricsSeriesApiTests.Factory factory) : IClassFixture<MetricsSeriesApiTests.Factory>
{
    /// <summary>One app per class, with two noop jobs that succeeded and one test.fail job that was dead-lettered.</summary>
    public sealed class Factory : ApiFactory, IAsyncLifetime
    {
        public async ValueTask InitializeAsync()
        {
            using var client = CreateClient();
            var ids = new[]
            {
                await CreateAsync(client, new { type = "noop" }),
                await CreateAsync(client, new { type = "noop" }),
                await CreateAsync(client, new { type = FailingJob.Name, args = new { } }),
            };
            foreach (var id in ids)
            {
                await WaitFinishedAsync(id);
            }
        }
    }

    private static readonly string[] SomeMetrics = ["processed", "failed", "success_rate", "duration_p95_ms", "queue_wait_mean_ms", "queue_depth"];

    private static string Time(DateTimeOffset t) => Uri.EscapeDataString(t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));

    /// <summary>Two whole hours around now: every job of the fixture finished inside.</summary>
    private (string From, string To) AroundNow()
    {
        var now = factory.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        return (Time(hour.AddHours(-1)), Time(hour.AddHours(1)));
    }

    private async Task<double?[]> SeriesAsync(HttpClient client, string metric, string jobType)
    {
        var (from, to) = AroundNow();
        using var response = await client.GetAsync(Url($"/api/metrics/series?metric={metric}&jobType={jobType}&from={from}&to={to}&step=1h"), Ct);
        var body = await JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(metric, body.GetProperty("metric").GetString());
        return [.. body.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value") is { ValueKind: System.Text.Json.JsonValueKind.Number } v ? v.GetDouble() : (double?)null)];
    }

    [Fact]
    public async Task Series_GivesOnePointPerStep_ForEachMetric()
    {
        using var client = factory.CreateClient();

        var processed = await SeriesAsync(client, "processed", "noop");
        var failed = await SeriesAsync(client, "failed", FailingJob.Name);
        var rate = await SeriesAsync(client, "success_rate", "noop");
        var failRate = await SeriesAsync(client, "success_rate", FailingJob.Name);

        Assert.Equal(2, processed.Length);
        Assert.Equal(2, processed.Sum());
        Assert.Equal(1, failed.Sum());
        // The interval the jobs finished in has a rate; the other has nothing to measure and says null.
        Assert.Equal([1.0], rate.Where(r => r is not null).Cast<double>());
        Assert.Contains(null, rate);
        Assert.Equal([0.0], failRate.Where(r => r is not null).Cast<double>());
    }

    [Fact]
    public async Task Series_Is400_ListingTheMetrics_WhenTheMetricIsUnknown()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(Url("/api/metrics/series?metric=bogus"), Ct);

        var message = Assert.Single(Problem.Errors(await Problem.AssertAsync(response, HttpStatusCode.BadRequest), "metric"));
        Assert.Contains("'bogus'", message, StringComparison.Ordinal);
        Assert.All(SomeMetrics, m => Assert.Contains(m, message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("metric=processed&from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "from", "before")]
    [InlineData("metric=processed&from=2026-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from", "before")]
    [InlineData("metric=processed&from=yesterday", "from", "ISO-8601")]
    [InlineData("metric=processed&to=soon", "to", "ISO-8601")]
    [InlineData("metric=processed&step=often", "step", "not a step")]
    [InlineData("metric=processed&step=100ms", "step", "at least 1 s")]
    [InlineData("metric=processed&from=2026-01-01T00:00:00Z&to=2026-01-08T00:00:00Z&step=1m", "step", "at most 2000")]
    public async Task Series_Is400WithAFieldError_ForABadRange(string query, string field, string words)
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(Url($"/api/metrics/series?{query}"), Ct);

        Assert.Contains(words, Assert.Single(Problem.Errors(await Problem.AssertAsync(response, HttpStatusCode.BadRequest), field)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobTypes_GivesTheTablePerType()
    {
        using var client = factory.CreateClient();
        var (from, to) = AroundNow();

        using var response = await client.GetAsync(Url($"/api/metrics/job-types?from={from}&to={to}"), Ct);

        var rows = (await JsonAsync(response, HttpStatusCode.OK)).EnumerateArray().ToDictionary(r => r.GetProperty("jobType").GetString()!);
        Assert.Equal(2, rows["noop"].GetProperty("total").GetInt64());
        Assert.Equal(2, rows["noop"].GetProperty("succeeded").GetInt64());
        Assert.Equal(1.0, rows["noop"].GetProperty("successRate").GetDouble());
        Assert.True(rows["noop"].GetProperty("durationP99Ms").GetDouble() >= rows["noop"].GetProperty("durationP95Ms").GetDouble());
        Assert.Equal(1, rows[FailingJob.Name].GetProperty("failed").GetInt64());
        Assert.Equal(0.0, rows[FailingJob.Name].GetProperty("successRate").GetDouble());
    }

    [Fact]
    public async Task JobTypes_Is400_WhenTheRangeGoesBackwards()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(Url("/api/metrics/job-types?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z"), Ct);

        Assert.Single(Problem.Errors(await Problem.AssertAsync(response, HttpStatusCode.BadRequest), "from"));
    }

    [Fact]
    public async Task Process_GivesTheSamples_AndTheSummaryTheLatest()
    {
        using var client = factory.CreateClient();
        // The sampler takes its first sample as the engine starts; wait for it (it announces itself nowhere).
        var metrics = factory.Services.GetRequiredService<IProcessMetrics>();
        var started = TimeProvider.System.GetTimestamp();
        while (metrics.Latest is null)
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(10), "no sample within 10 s");
            await Task.Yield();
        }

        using var response = await client.GetAsync(Url("/api/metrics/process"), Ct);
        using var summary = await client.GetAsync(Url("/api/metrics/summary"), Ct);

        var body = await JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(metrics.Node, body.GetProperty("node").GetString());
        var sample = body.GetProperty("samples").EnumerateArray().First();
        Assert.True(sample.GetProperty("workers").GetInt32() > 0);
        Assert.True(sample.GetProperty("workingSetBytes").GetInt64() > 0);
        Assert.InRange(sample.GetProperty("workerUtilisation").GetDouble(), 0, 1);
        Assert.True(sample.TryGetProperty("queueDepth", out _));
        Assert.True((await JsonAsync(summary, HttpStatusCode.OK)).GetProperty("process").GetProperty("workers").GetInt32() > 0);
    }

    [Fact]
    public async Task Process_Is400_ForABadFrom()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(Url("/api/metrics/process?from=later"), Ct);

        Assert.Single(Problem.Errors(await Problem.AssertAsync(response, HttpStatusCode.BadRequest), "from"));
    }

    [Fact]
    public async Task Series_ListsStoredSeries_AndReadsARange()
    {
        var store = factory.Services.GetRequiredService<ISeriesStore>();
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await store.AppendAsync("test.risk_index", [new(t0, 1.5), new(t0.AddHours(1), 2.5), new(t0.AddHours(2), 3.5)], Ct);
        using var client = factory.CreateClient();

        using var list = await client.GetAsync(Url("/api/series"), Ct);
        using var read = await client.GetAsync(Url($"/api/series/test.risk_index?from={Time(t0.AddHours(1))}&to={Time(t0.AddHours(3))}"), Ct);
        using var unknown = await client.GetAsync(Url("/api/series/test.nothing"), Ct);
        using var backwards = await client.GetAsync(Url($"/api/series/test.risk_index?from={Time(t0.AddHours(3))}&to={Time(t0)}"), Ct);

        var info = (await JsonAsync(list, HttpStatusCode.OK)).EnumerateArray().Single(s => s.GetProperty("name").GetString() == "test.risk_index");
        Assert.Equal(3, info.GetProperty("points").GetInt64());
        Assert.Equal(t0, info.GetProperty("first").GetDateTimeOffset());
        var points = (await JsonAsync(read, HttpStatusCode.OK)).GetProperty("points").EnumerateArray().ToList();
        Assert.Equal([2.5, 3.5], points.Select(p => p.GetProperty("value").GetDouble()));
        Assert.Equal(t0.AddHours(1), points[0].GetProperty("timestamp").GetDateTimeOffset());
        Assert.Contains("test.nothing", (await Problem.AssertAsync(unknown, HttpStatusCode.NotFound)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Single(Problem.Errors(await Problem.AssertAsync(backwards, HttpStatusCode.BadRequest), "from"));
    }

    [Fact]
    public async Task Anomalies_ListsStoredAnomaliesOfASeriesInARange()
    {
        var t0 = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);
        var anomalies = factory.Services.GetRequiredService<IAnomalyStore>();
        await anomalies.UpsertAsync("test.anomalous", [
            new NewAnomaly(t0.AddHours(1), 40, 10, 5.2, AnomalyMethods.ZScore | AnomalyMethods.Stl, AnomalySeverity.High),
            new NewAnomaly(t0.AddDays(2), 41, 10, 3.0, AnomalyMethods.Stl, AnomalySeverity.Low),
        ], null, Ct);
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(Url($"/api/anomalies?series=test.anomalous&from={Time(t0)}&to={Time(t0.AddDays(1))}"), Ct);
        using var badLimit = await client.GetAsync(Url("/api/anomalies?limit=0"), Ct);
        using var backwards = await client.GetAsync(Url($"/api/anomalies?from={Time(t0.AddDays(1))}&to={Time(t0)}"), Ct);

        var found = Assert.Single((await JsonAsync(response, HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal("test.anomalous", found.GetProperty("series").GetString());
        Assert.Equal(40, found.GetProperty("value").GetDouble());
        Assert.Equal(10, found.GetProperty("expected").GetDouble());
        Assert.Equal(["zscore", "stl"], found.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("high", found.GetProperty("severity").GetString());
        Assert.Single(Problem.Errors(await Problem.AssertAsync(badLimit, HttpStatusCode.BadRequest), "limit"));
        Assert.Single(Problem.Errors(await Problem.AssertAsync(backwards, HttpStatusCode.BadRequest), "from"));
    }
}
