using Jobs.Client;
using Jobs.Metrics;
using Jobs.Model;
using Jobs.Series;
using Jobs.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Tests.Metrics;

/// <summary>The metrics page's aggregates, from jobs run on a fake clock with known durations and waits.</summary>
public abstract class MetricsQueriesTests(StoreBackend backend)
{
    private static readonly DateTimeOffset T0 = TestEngine.Start; // 09:00

    // gate runs one at a time, so a second gate job waits for the first: a known queue wait.
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Anomalies:RecordMetrics"] = "false",
        ["Metrics:Enabled"] = "false",
        ["JobEngine:LeaseDuration"] = "01:00:00",
        ["JobEngine:TypeConcurrency:gate"] = "1",
    };

    /// <summary>
    /// 09:00 gate g1 and g2 enqueued; g1 runs 2 min (ends 09:02); g2 waits 2 min, runs 3 min (ends 09:05); a permanent
    /// failure at 09:05; at 09:12 a record job succeeds and a delayed gate job is cancelled.
    /// </summary>
    private async Task<TestEngine> RunScenarioAsync()
    {
        var engine = await TestEngine.StartOnAsync(backend, Settings);
        var ct = TestContext.Current.CancellationToken;
        var g1 = await engine.EnqueueAsync("gate", new GateArgs("g1"));
        var g2 = await engine.EnqueueAsync("gate", new GateArgs("g2"));
        await engine.Probe.StartedSignal("g1").Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
        engine.Time.Advance(TimeSpan.FromMinutes(2));
        engine.Probe.Gate("g1").TrySetResult();
        await engine.WaitForStateAsync(g1.JobId, JobState.Succeeded);
        await engine.Probe.StartedSignal("g2").Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
        engine.Time.Advance(TimeSpan.FromMinutes(3));
        engine.Probe.Gate("g2").TrySetResult();
        await engine.WaitForStateAsync(g2.JobId, JobState.Succeeded);
        await engine.WaitForStateAsync((await engine.EnqueueAsync("throw", new ThrowArgs("argument"))).JobId, JobState.DeadLettered);

        engine.Time.Advance(TimeSpan.FromMinutes(7));
        await engine.WaitForStateAsync((await engine.EnqueueAsync("record", new NameArgs("x"))).JobId, JobState.Succeeded);
        var later = await engine.EnqueueAsync("gate", new GateArgs("g3"), r => r with { Delay = TimeSpan.FromHours(1) });
        Assert.True((await engine.Client.CancelAsync(later.JobId, null, ct)).Succeeded);
        await engine.WaitForStateAsync(later.JobId, JobState.Cancelled);
        return engine;
    }

    private static IMetricsQueries Queries(TestEngine engine) => engine.Host.Services.GetRequiredService<IMetricsQueries>();

    [Fact]
    public async Task GetIntervals_CountsRatesDurationsAndWaits_PerInterval()
    {
        await using var engine = await RunScenarioAsync();
        var series = engine.Host.Services.GetRequiredService<ISeriesStore>();
        var ct = TestContext.Current.CancellationToken;
        await series.AppendAsync(EngineSeries.QueueDepth, [new(T0.AddMinutes(1), 5), new(T0.AddMinutes(3), 7), new(T0.AddMinutes(15), 2)], ct);

        var intervals = await Queries(engine).GetIntervalsAsync(new MetricsRange(T0, T0.AddHours(1), TimeSpan.FromMinutes(10)), null, ct);

        Assert.Equal(6, intervals.Count);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => T0.AddMinutes(10 * i)), intervals.Select(i => i.Start));
        Assert.Equal(new MetricsInterval(T0, T0.AddMinutes(10), 2, 1, 0, 2.0 / 3, 100_000, 180_000, 40_000, 6, 7), intervals[0]);
        Assert.Equal(new MetricsInterval(T0.AddMinutes(10), T0.AddMinutes(20), 1, 0, 1, 1, 0, 0, 0, 2, 2), intervals[1]);
        Assert.All(intervals.Skip(2), i => Assert.Equal(new MetricsInterval(i.Start, i.Start.AddMinutes(10), 0, 0, 0, null, null, null, null, null, null), i));
    }

    [Fact]
    public async Task GetIntervals_CountsOnlyTheJobType_WhenOneIsGiven()
    {
        await using var engine = await RunScenarioAsync();
        var ct = TestContext.Current.CancellationToken;

        var intervals = await Queries(engine).GetIntervalsAsync(new MetricsRange(T0, T0.AddMinutes(25), TimeSpan.FromMinutes(10)), "gate", ct);

        Assert.Equal(3, intervals.Count);
        Assert.Equal(new MetricsInterval(T0, T0.AddMinutes(10), 2, 0, 0, 1, 150_000, 180_000, 60_000, null, null), intervals[0]);
        // The cancelled job never ran: counted, with no rate and no durations.
        Assert.Equal(new MetricsInterval(T0.AddMinutes(10), T0.AddMinutes(20), 0, 0, 1, null, null, null, null, null, null), intervals[1]);
        // The last interval is cut at the range's end.
        Assert.Equal(T0.AddMinutes(25), intervals[2].End);
    }

    [Fact]
    public async Task GetJobTypes_GivesTotalsRatesAndPercentiles_PerType()
    {
        await using var engine = await RunScenarioAsync();

        var types = await Queries(engine).GetJobTypesAsync(T0, T0.AddHours(1), TestContext.Current.CancellationToken);

        Assert.Equal(
            [
                new JobTypeMetrics("gate", 3, 2, 0, 1, 1, 150_000, 180_000, 180_000),
                new JobTypeMetrics("record", 1, 1, 0, 0, 1, 0, 0, 0),
                new JobTypeMetrics("throw", 1, 0, 1, 0, 0, 0, 0, 0),
            ],
            types);
    }

    [Fact]
    public async Task GetJobTypes_TakesNearestRankPercentiles()
    {
        await using var engine = await TestEngine.StartOnAsync(backend, Settings);
        var ct = TestContext.Current.CancellationToken;
        // Twenty gate jobs, one after another, running 1 s, 2 s, ..., 20 s.
        for (var i = 1; i <= 20; i++)
        {
            var name = $"p{i}";
            var job = await engine.EnqueueAsync("gate", new GateArgs(name));
            await engine.Probe.StartedSignal(name).Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
            engine.Time.Advance(TimeSpan.FromSeconds(i));
            engine.Probe.Gate(name).TrySetResult();
            await engine.WaitForStateAsync(job.JobId, JobState.Succeeded);
        }

        var gate = Assert.Single(await Queries(engine).GetJobTypesAsync(T0, T0.AddHours(1), ct));

        Assert.Equal(20, gate.Total);
        Assert.Equal(10_500, gate.DurationMeanMs);
        Assert.Equal(19_000, gate.DurationP95Ms); // the ceil(20 × 0.95) = 19th
        Assert.Equal(20_000, gate.DurationP99Ms); // the ceil(20 × 0.99) = 20th
    }

    [Fact]
    public async Task Queries_RefuseRangesThatCannotBeCharted_WithFieldErrors()
    {
        await using var engine = await TestEngine.StartOnAsync(backend, Settings);
        var queries = Queries(engine);
        var ct = TestContext.Current.CancellationToken;

        var backwards = await Assert.ThrowsAsync<JobValidationException>(() => queries.GetIntervalsAsync(new MetricsRange(T0, T0, TimeSpan.FromMinutes(1)), null, ct));
        var tiny = await Assert.ThrowsAsync<JobValidationException>(() => queries.GetIntervalsAsync(new MetricsRange(T0, T0.AddHours(1), TimeSpan.FromMilliseconds(500)), null, ct));
        var tooMany = await Assert.ThrowsAsync<JobValidationException>(() => queries.GetIntervalsAsync(new MetricsRange(T0, T0.AddDays(7), TimeSpan.FromMinutes(1)), null, ct));
        var types = await Assert.ThrowsAsync<JobValidationException>(() => queries.GetJobTypesAsync(T0.AddHours(1), T0, ct));

        Assert.Contains("before", Assert.Single(backwards.Errors["from"]), StringComparison.Ordinal);
        Assert.Contains("at least 1 s", Assert.Single(tiny.Errors["step"]), StringComparison.Ordinal);
        Assert.Contains("10080 intervals", Assert.Single(tooMany.Errors["step"]), StringComparison.Ordinal);
        Assert.Contains("00:05:03", Assert.Single(tooMany.Errors["step"]), StringComparison.Ordinal);
        Assert.True(types.Errors.ContainsKey("from"));
        // The step the message suggests is accepted.
        new MetricsRange(T0, T0.AddDays(7), TimeSpan.FromSeconds(303)).Validate();
    }

    [Fact]
    public async Task GetIntervals_TakesQueueDepthFromRecentSamples_AndFromTheSeriesBeforeThem()
    {
        await using var engine = await TestEngine.StartOnAsync(backend, Settings);
        var ct = TestContext.Current.CancellationToken;
        var series = engine.Host.Services.GetRequiredService<ISeriesStore>();
        var sampler = engine.Host.Services.GetRequiredService<EngineSampler>();
        // Stored points (from before this process's samples), and one stored point the samples supersede.
        await series.AppendAsync(EngineSeries.QueueDepth, [new(T0.AddMinutes(-20), 9), new(T0.AddMinutes(-15), 3), new(T0.AddMinutes(5), 100)], ct);
        // In-memory samples at 09:00 and 09:00:10, with nothing queued: both read 0.
        await sampler.SampleAsync(ct);
        engine.Time.Advance(TimeSpan.FromSeconds(10));
        await sampler.SampleAsync(ct);

        var intervals = await Queries(engine).GetIntervalsAsync(new MetricsRange(T0.AddMinutes(-20), T0.AddMinutes(10), TimeSpan.FromMinutes(10)), null, ct);

        Assert.Equal([(6.0, 9.0), (null, null), (0.0, 0.0)], intervals.Select(i => (i.QueueDepthMean, i.QueueDepthMax)));
    }
}

public sealed class MetricsQueriesTestsOnSqlite() : MetricsQueriesTests(StoreBackend.Sqlite);

public sealed class MetricsQueriesTestsOnPostgres() : MetricsQueriesTests(StoreBackend.Postgres);
