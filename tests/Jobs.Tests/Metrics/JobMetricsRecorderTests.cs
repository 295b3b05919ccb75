using Jobs.Metrics;
using Jobs.Model;
using Jobs.Series;
using Jobs.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Tests.Metrics;

/// <summary>The engine's metric series, recorded from the jobs table on a fake clock.</summary>
public sealed class JobMetricsRecorderTests
{
    private static readonly DateTimeOffset Bucket = TestEngine.Start; // 09:00, on the hour

    [Fact]
    public async Task Recorder_WritesRunsFailureRateDurationsAndQueueWait_PerTypeAndForAll()
    {
        // A long lease: the fake clock jumps ten minutes while a job runs.
        await using var engine = await TestEngine.StartAsync(new() { ["Anomalies:RecordMetrics"] = "false", ["JobEngine:LeaseDuration"] = "01:00:00" });
        var ct = TestContext.Current.CancellationToken;
        // A gated job that runs ten minutes of fake time, two instant ones, and one permanent failure.
        var gate = await engine.EnqueueAsync("gate", new GateArgs("slow"));
        await engine.Probe.StartedSignal("slow").Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
        engine.Time.Advance(TimeSpan.FromMinutes(10));
        engine.Probe.Gate("slow").TrySetResult();
        await engine.WaitForStateAsync(gate.JobId, JobState.Succeeded);
        foreach (var name in new[] { "a", "b" })
        {
            await engine.WaitForStateAsync((await engine.EnqueueAsync("record", new NameArgs(name))).JobId, JobState.Succeeded);
        }

        await engine.WaitForStateAsync((await engine.EnqueueAsync("throw", new ThrowArgs("argument"))).JobId, JobState.DeadLettered);
        engine.Time.Advance(TimeSpan.FromMinutes(50) + TimeSpan.FromSeconds(1));
        var recorder = engine.Host.Services.GetRequiredService<JobMetricsRecorder>();

        // First run: a day back (Anomalies:MetricsBackfill, from 10:00 yesterday) up to the bucket that just ended.
        Assert.Equal(24, await recorder.RecordDueBucketsAsync(ct));
        Assert.Equal(0, await recorder.RecordDueBucketsAsync(ct));

        var store = engine.Host.Services.GetRequiredService<ISeriesStore>();
        async Task<double?> At(string type, string metric)
        {
            var points = await store.ReadAsync(JobMetricSeries.Name(type, metric), Bucket, Bucket.AddHours(1), ct);
            return points.Count == 0 ? null : Assert.Single(points).Value;
        }

        Assert.Equal(4, await At("all", JobMetricSeries.Runs));
        Assert.Equal(0.25, await At("all", JobMetricSeries.FailureRate));
        Assert.Equal(150_000, await At("all", JobMetricSeries.DurationMean));
        Assert.Equal(600_000, await At("all", JobMetricSeries.DurationP95));
        Assert.Equal(600_000, await At("gate", JobMetricSeries.DurationMean));
        Assert.Equal(2, await At("record", JobMetricSeries.Runs));
        Assert.Equal(0, await At("record", JobMetricSeries.FailureRate));
        Assert.Equal(1, await At("throw", JobMetricSeries.FailureRate));
        Assert.Equal(0, await At("record", JobMetricSeries.QueueWaitMean));
        // A registered type that did not run: 0 runs, and no made-up durations.
        Assert.Equal(0, await At("progress", JobMetricSeries.Runs));
        Assert.Null(await At("progress", JobMetricSeries.DurationMean));
        var all = await store.ReadAsync(JobMetricSeries.Name("all", JobMetricSeries.Runs), null, null, ct);
        Assert.Equal(24, all.Count);
        Assert.Equal(Bucket.AddHours(-23), all[0].Timestamp);
        Assert.All(all.SkipLast(1), p => Assert.Equal(0, p.Value));

        engine.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await recorder.RecordDueBucketsAsync(ct));
    }

    [Fact]
    public async Task Engine_RecordsEachEndedBucket_OnItsOwn()
    {
        await using var engine = await TestEngine.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        await engine.WaitForStateAsync((await engine.EnqueueAsync("record", new NameArgs("x"))).JobId, JobState.Succeeded);
        var store = engine.Host.Services.GetRequiredService<ISeriesStore>();
        // Move the clock only once the recorder's timer is set, or the timer starts from the moved clock.
        await engine.Host.Services.GetRequiredService<JobMetricsRecorder>().Idle.WaitAsync(TimeSpan.FromSeconds(10), ct);

        engine.Time.Advance(TimeSpan.FromHours(1));

        await TestEngine.WaitUntilAsync(
            async () => (await store.ReadAsync(JobMetricSeries.Name("record", JobMetricSeries.Runs), Bucket, null, ct)).Count == 1,
            "the 09:00 bucket of jobs.record.runs is recorded");
        Assert.Equal(1, (await store.ReadAsync(JobMetricSeries.Name("record", JobMetricSeries.Runs), Bucket, null, ct))[0].Value);
    }
}
