using System.Text.Json;
using Jobs.Anomalies;
using Jobs.Handlers;
using Jobs.Model;
using Jobs.Notifications;
using Jobs.Series;
using Jobs.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Tests.Anomalies;

/// <summary>The <c>anomaly_detection</c> job on a real engine: registered by default, stores each anomaly once.</summary>
public sealed class AnomalyDetectionJobTests
{
    [Fact]
    public async Task Job_StoresTheReferenceFlagsOnce_AcrossRuns()
    {
        await using var engine = await TestEngine.StartAsync(new() { ["Anomalies:RecordMetrics"] = "false", ["Metrics:Enabled"] = "false" });
        var reference = ReferenceCase.Load("synthetic_spikes");
        var start = TestEngine.Start.AddHours(-reference.Values.Length);
        await Seed(engine, "risk_index", reference.Values, start);
        var expected = ReferenceCase.Ints(reference.Section("stl_anomalies").GetProperty("flagged_indices"));

        var first = await RunAsync(engine, new { series = "risk_index", method = "stl", period = 24 });
        var second = await RunAsync(engine, new { series = "risk_index", method = "combined", period = 24, zScoreThreshold = 3.0 });

        var series = Assert.Single(first.Series);
        Assert.Equal(new SeriesDetectionSummary("risk_index", 336, expected.Length, expected.Length, null), series);
        // Combined adds the z-score flag of index 230, which STL had already flagged: nothing new.
        Assert.Equal(0, second.Added);
        var stored = await engine.Host.Services.GetRequiredService<IAnomalyStore>().QueryAsync("risk_index", null, null, 1000, TestContext.Current.CancellationToken);
        Assert.Equal(expected.Select(i => start.AddHours(i)), stored.Select(a => a.Timestamp));
        var spike = Assert.Single(stored, a => a.Timestamp == start.AddHours(230));
        Assert.Equal(AnomalyMethods.ZScore | AnomalyMethods.Stl, spike.Methods);
        Assert.Equal(reference.Values[230], spike.Value);
        Assert.Equal(AnomalySeverity.Critical, spike.Severity);
    }

    [Fact]
    public async Task Job_AnnouncesEachNewAnomalyOnce()
    {
        var published = new CapturingPublisher();
        await using var engine = await TestEngine.StartAsync(
            new() { ["Anomalies:RecordMetrics"] = "false", ["Metrics:Enabled"] = "false" },
            services: s => s.AddSingleton<INotificationPublisher>(published));
        var reference = ReferenceCase.Load("synthetic_spikes");
        var start = TestEngine.Start.AddHours(-reference.Values.Length);
        await Seed(engine, "risk_index", reference.Values, start);
        var expected = ReferenceCase.Ints(reference.Section("stl_anomalies").GetProperty("flagged_indices"));

        await RunAsync(engine, new { series = "risk_index", method = "stl", period = 24 });
        await RunAsync(engine, new { series = "risk_index", method = "stl", period = 24 });

        // The second run finds the same points: they are stored already, so nobody hears of them again.
        Assert.Equal(expected.Select(i => (DateTimeOffset?)start.AddHours(i)), published.Anomalies.Select(a => a.PointAt));
        Assert.All(published.Anomalies, a => Assert.Equal("risk_index", a.Series));
        Assert.All(published.Anomalies, a => Assert.Null(a.JobType));
    }

    private sealed class CapturingPublisher : INotificationPublisher
    {
        public System.Collections.Concurrent.ConcurrentQueue<AnomalyNotice> Anomalies { get; } = new();

        public bool PublishAnomaly(AnomalyNotice anomaly)
        {
            Anomalies.Enqueue(anomaly);
            return true;
        }

        public bool Publish(Notification notification) => true;
    }

    [Fact]
    public async Task Job_ScansEverySeries_AndSkipsOnesTooShortForStl()
    {
        await using var engine = await TestEngine.StartAsync(new() { ["Anomalies:RecordMetrics"] = "false", ["Metrics:Enabled"] = "false" });
        var reference = ReferenceCase.Load("nottem");
        // Daily points: the period is inferred as 7.
        await Seed(engine, "daily", reference.Values, TestEngine.Start.AddDays(-reference.Values.Length), TimeSpan.FromDays(1));
        await Seed(engine, "short", [1, 2, 3, 4, 5], TestEngine.Start.AddHours(-5));

        var result = await RunAsync(engine, new { series = "all", method = "combined", robust = true, lookback = "400.00:00:00" });

        Assert.Equal(["daily", "short"], result.Series.Select(s => s.Series));
        Assert.Null(result.Series[0].Skipped);
        Assert.Equal(240, result.Series[0].Points);
        Assert.Contains("two periods", result.Series[1].Skipped, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_IsDeadLettered_WhenTheMethodIsUnknown()
    {
        await using var engine = await TestEngine.StartAsync(new() { ["Anomalies:RecordMetrics"] = "false", ["Metrics:Enabled"] = "false" });

        var enqueued = await engine.EnqueueAsync(AnomalyDetectionJob.TypeName, new { method = "magic" });
        var job = await engine.WaitForStateAsync(enqueued.JobId, JobState.DeadLettered);

        Assert.Contains("zscore, stl or combined", job.Summary.LastErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Engine_RegistersTheJobTypeByDefault()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.AddJobEngine();
        using var provider = builder.Services.BuildServiceProvider();

        Assert.True(provider.GetRequiredService<JobTypeRegistry>().TryGet(AnomalyDetectionJob.TypeName, out var type));
        Assert.Equal(typeof(AnomalyDetectionArgs), type.ArgumentsType);
    }

    [Theory]
    [InlineData(60, 24)]
    [InlineData(15, 96)]
    [InlineData(1440, 7)]
    public void InferPeriod_IsADayOfPoints_OrAWeekForDailyPoints(int minutes, int period)
    {
        var points = Enumerable.Range(0, 10).Select(i => new SeriesPoint(TestEngine.Start.AddMinutes(i * minutes), i)).ToList();
        Assert.Equal(period, AnomalyDetectionJob.InferPeriod(points));
    }

    [Fact]
    public void InferPeriod_IsNull_ForIrregularSpacing()
    {
        var points = Enumerable.Range(0, 10).Select(i => new SeriesPoint(TestEngine.Start.AddMinutes(i * 7), i)).ToList();
        Assert.Null(AnomalyDetectionJob.InferPeriod(points));
    }

    private static async Task Seed(TestEngine engine, string name, double[] values, DateTimeOffset start, TimeSpan? step = null) =>
        await engine.Host.Services.GetRequiredService<ISeriesStore>().AppendAsync(
            name, [.. values.Select((v, i) => new SeriesPoint(start + ((step ?? TimeSpan.FromHours(1)) * i), v))], TestContext.Current.CancellationToken);

    private static async Task<AnomalyDetectionSummary> RunAsync(TestEngine engine, object args)
    {
        var enqueued = await engine.EnqueueAsync(AnomalyDetectionJob.TypeName, args);
        var job = await engine.WaitForStateAsync(enqueued.JobId, JobState.Succeeded);
        Assert.Equal(1.0, job.Summary.Progress?.Fraction);
        return JsonSerializer.Deserialize<AnomalyDetectionSummary>(job.Result!, JobJson.Options)!;
    }
}
