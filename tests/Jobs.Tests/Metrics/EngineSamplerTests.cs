using Jobs.Metrics;
using Jobs.Model;
using Jobs.Processing;
using Jobs.Series;
using Jobs.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Tests.Metrics;

/// <summary>The sampler: worker use and queue depth into the in-memory ring, and once a persist interval into the series.</summary>
public sealed class EngineSamplerTests
{
    [Fact]
    public async Task Sample_RecordsWorkersQueueDepthAndProcess_AndPersistsOncePerInterval()
    {
        await using var engine = await TestEngine.StartAsync(new()
        {
            ["Metrics:Enabled"] = "false",
            ["Metrics:PersistInterval"] = "00:01:00",
            ["JobEngine:LeaseDuration"] = "01:00:00",
            ["JobEngine:TypeConcurrency:gate"] = "1",
        });
        var ct = TestContext.Current.CancellationToken;
        var sampler = engine.Host.Services.GetRequiredService<EngineSampler>();
        var metrics = engine.Host.Services.GetRequiredService<IProcessMetrics>();
        var series = engine.Host.Services.GetRequiredService<ISeriesStore>();
        var node = engine.Host.Services.GetRequiredService<NodeIdentity>().Name;
        // One gate job runs; the second waits in the queue (it may not run beside the first).
        var first = await engine.EnqueueAsync("gate", new GateArgs("s1"));
        var second = await engine.EnqueueAsync("gate", new GateArgs("s2"));
        await engine.Probe.StartedSignal("s1").Task.WaitAsync(TimeSpan.FromSeconds(10), ct);

        ProcessSample a, b;
        try
        {
            a = await sampler.SampleAsync(ct);
            engine.Time.Advance(TimeSpan.FromSeconds(10));
            b = await sampler.SampleAsync(ct);
        }
        finally
        {
            // Released whatever happens: a gate left shut would hang the engine's stop.
            engine.Probe.Gate("s1").TrySetResult();
            engine.Probe.Gate("s2").TrySetResult();
        }

        Assert.Equal((1, 4, 0.25, 1L), (a.BusyWorkers, a.Workers, a.WorkerUtilisation, a.QueueDepth));
        Assert.Null(a.CpuPercent); // nothing to compare the first with
        Assert.InRange(b.CpuPercent!.Value, 0, 100);
        Assert.True(b.WorkingSetBytes > 0 && b.ManagedHeapBytes > 0);
        Assert.Equal([a, b], metrics.GetSamples());
        Assert.Equal([b], metrics.GetSamples(TestEngine.Start.AddSeconds(5)));
        Assert.Same(b, metrics.Latest);
        // Both samples fall in the 09:00 minute: one point, from the first.
        Assert.Equal([new SeriesPoint(TestEngine.Start, 1)], await series.ReadAsync(EngineSeries.QueueDepth, null, null, ct));
        Assert.Equal([new SeriesPoint(TestEngine.Start, 0.25)], await series.ReadAsync(EngineSeries.Node(node, EngineSeries.WorkerUtilisation), null, null, ct));

        await engine.WaitForStateAsync(first.JobId, JobState.Succeeded);
        await engine.WaitForStateAsync(second.JobId, JobState.Succeeded);
        engine.Time.Advance(TimeSpan.FromMinutes(1));
        await sampler.SampleAsync(ct);

        var depth = await series.ReadAsync(EngineSeries.QueueDepth, null, null, ct);
        Assert.Equal([new SeriesPoint(TestEngine.Start, 1), new SeriesPoint(TestEngine.Start.AddMinutes(1), 0)], depth);
        // CPU is left out of the 09:00 point (the first sample had none) and present at 09:01.
        Assert.Equal([TestEngine.Start.AddMinutes(1)], (await series.ReadAsync(EngineSeries.Node(node, EngineSeries.CpuPercent), null, null, ct)).Select(p => p.Timestamp));
    }

    [Fact]
    public void Buffer_KeepsOnlyTheLatestHistory()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new MetricsOptions { SampleInterval = TimeSpan.FromSeconds(10), History = TimeSpan.FromSeconds(30) });
        var node = new NodeIdentity(Microsoft.Extensions.Options.Options.Create(new Jobs.Configuration.JobEngineOptions { NodeName = "n1" }));
        var buffer = new ProcessSampleBuffer(options, node);
        var samples = Enumerable.Range(0, 5).Select(i => new ProcessSample(TestEngine.Start.AddSeconds(10 * i), i, 4, null, 1, 1, i)).ToList();

        foreach (var sample in samples)
        {
            buffer.Add(sample);
        }

        Assert.Equal(3, buffer.Capacity);
        Assert.Equal(samples.Skip(2), buffer.GetSamples());
        Assert.Equal("n1", buffer.Node);
    }
}
