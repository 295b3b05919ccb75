using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Jobs.Metrics;
using Jobs.Model;
using Jobs.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Tests.Metrics;

/// <summary>The <c>Jobs</c> meter, read the way dotnet-counters and OpenTelemetry read it: through a <see cref="MeterListener"/>.</summary>
public sealed class JobsMeterTests
{
    [Fact]
    public async Task Meter_PublishesCountersHistogramsAndGauges()
    {
        await using var engine = await TestEngine.StartAsync(new() { ["Metrics:Enabled"] = "false", ["JobEngine:LeaseDuration"] = "01:00:00" });
        var ct = TestContext.Current.CancellationToken;
        var factory = engine.Host.Services.GetRequiredService<IMeterFactory>();
        var longs = new ConcurrentQueue<(string Name, long Value, string? Type)>();
        var doubles = new ConcurrentQueue<(string Name, double Value, string? Type, string? Outcome)>();
        using var listener = new MeterListener
        {
            // Only this engine's meter: other tests' engines run in parallel in this process.
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == JobsMeter.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => longs.Enqueue((i.Name, v, Tag(tags, "job.type"))));
        listener.SetMeasurementEventCallback<int>((i, v, tags, _) => longs.Enqueue((i.Name, v, Tag(tags, "job.type"))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => doubles.Enqueue((i.Name, v, Tag(tags, "job.type"), Tag(tags, "job.outcome"))));
        listener.Start();

        var gate = await engine.EnqueueAsync("gate", new GateArgs("m"));
        await engine.Probe.StartedSignal("m").Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
        listener.RecordObservableInstruments();
        engine.Time.Advance(TimeSpan.FromSeconds(3));
        engine.Probe.Gate("m").TrySetResult();
        await engine.WaitForStateAsync(gate.JobId, JobState.Succeeded);
        await engine.WaitForStateAsync((await engine.EnqueueAsync("throw", new ThrowArgs("argument"))).JobId, JobState.DeadLettered);
        await engine.Host.Services.GetRequiredService<EngineSampler>().SampleAsync(ct);
        listener.RecordObservableInstruments();

        Assert.Contains(("jobs.enqueued", 1L, "gate"), longs);
        Assert.Contains(("jobs.enqueued", 1L, "throw"), longs);
        Assert.Contains(("jobs.succeeded", 1L, "gate"), longs);
        Assert.Contains(("jobs.dead_lettered", 1L, "throw"), longs);
        Assert.Contains(("jobs.duration", 3.0, "gate", "succeeded"), doubles);
        Assert.Contains(("jobs.duration", 0.0, "throw", "dead_lettered"), doubles);
        Assert.Contains(doubles, d => d is ("jobs.queue_wait", 0.0, "gate", null));
        // While the gate job ran: one of four workers busy; afterwards none, and the sampled queue is empty.
        Assert.Contains(("jobs.workers.busy", 1L, null), longs);
        Assert.Contains(("jobs.workers.total", 4L, null), longs);
        Assert.Equal(0, longs.Last(m => m.Name == "jobs.workers.busy").Value);
        Assert.Equal(0, longs.Last(m => m.Name == "jobs.queue.depth").Value);
    }

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == key)
            {
                return tag.Value as string;
            }
        }

        return null;
    }
}
