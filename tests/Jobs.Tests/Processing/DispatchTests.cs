using Jobs.Model;
using Jobs.Tests.Fakes;

namespace Jobs.Tests.Processing;

/// <summary>Part of the store suite: runs on every store (see <see cref="StoreBackend"/>).</summary>
public abstract class DispatchTests(StoreBackend store)
{
    [Fact]
    public async Task Workers_TakeHigherPriorityFirst_AndFifoWithinOne()
    {
        await using var engine = await TestEngine.StartOnAsync(store, new() { ["JobEngine:Workers"] = "1" });
        var blocker = (await engine.EnqueueAsync("gate", new GateArgs("blocker"))).JobId;
        await engine.Probe.StartedSignal("blocker").Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        var ids = new List<long>();
        foreach (var (name, priority) in new[] { ("low", JobPriority.Low), ("normal-1", JobPriority.Normal), ("critical", JobPriority.Critical), ("high", JobPriority.High), ("normal-2", JobPriority.Normal) })
        {
            ids.Add((await engine.EnqueueAsync("record", new NameArgs(name), r => r with { Priority = priority })).JobId);
        }

        engine.Probe.Gate("blocker").TrySetResult();
        foreach (var id in ids)
        {
            await engine.WaitForStateAsync(id, JobState.Succeeded);
        }

        Assert.Equal(["blocker", "critical", "high", "normal-1", "normal-2", "low"], engine.Probe.Runs);
        await engine.WaitForStateAsync(blocker, JobState.Succeeded);
    }

    [Fact]
    public async Task QueueConcurrency_LimitsRunningJobsOfThatQueue()
    {
        await using var engine = await TestEngine.StartOnAsync(store, new() { ["JobEngine:Workers"] = "4", ["JobEngine:QueueConcurrency:serial"] = "1" });
        var a = (await engine.EnqueueAsync("gate", new GateArgs("a"), r => r with { Queue = "serial" })).JobId;
        var b = (await engine.EnqueueAsync("gate", new GateArgs("b"), r => r with { Queue = "serial" })).JobId;
        var other = (await engine.EnqueueAsync("gate", new GateArgs("other"))).JobId;

        await engine.Probe.StartedSignal("a").Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await engine.Probe.StartedSignal("other").Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.False(engine.Probe.StartedSignal("b").Task.IsCompleted);

        engine.Probe.Gate("a").TrySetResult();
        await engine.Probe.StartedSignal("b").Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        engine.Probe.Gate("b").TrySetResult();
        engine.Probe.Gate("other").TrySetResult();
        await engine.WaitForStateAsync(b, JobState.Succeeded);
        await engine.WaitForStateAsync(a, JobState.Succeeded);
        await engine.WaitForStateAsync(other, JobState.Succeeded);
    }

    [Fact]
    public async Task TypeConcurrency_RunsAtMostThatManyOfOneType()
    {
        await using var engine = await TestEngine.StartOnAsync(store, new() { ["JobEngine:Workers"] = "4", ["JobEngine:TypeConcurrency:gate"] = "2" });
        var ids = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add((await engine.EnqueueAsync("gate", new GateArgs($"g{i}"))).JobId);
        }

        var recorded = (await engine.EnqueueAsync("record", new NameArgs("free"))).JobId;
        await engine.WaitForStateAsync(recorded, JobState.Succeeded);
        await engine.Probe.StartedSignal("g0").Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await engine.Probe.StartedSignal("g1").Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.False(engine.Probe.StartedSignal("g2").Task.IsCompleted);

        for (var i = 0; i < 4; i++)
        {
            engine.Probe.Gate($"g{i}").TrySetResult();
        }

        foreach (var id in ids)
        {
            await engine.WaitForStateAsync(id, JobState.Succeeded);
        }

        Assert.Equal(2, engine.Probe.MaxConcurrent);
    }

    [Fact]
    public async Task UniqueKey_ReturnsTheLiveJob_AndAllowsANewOneAfterItEnds()
    {
        await using var engine = await TestEngine.StartOnAsync(store);
        var first = await engine.EnqueueAsync("gate", new GateArgs("u"), r => r with { UniqueKey = "report:2026-01-01" });
        var second = await engine.EnqueueAsync("gate", new GateArgs("u"), r => r with { UniqueKey = "report:2026-01-01" });
        Assert.False(first.Existing);
        Assert.True(second.Existing);
        Assert.Equal(first.JobId, second.JobId);

        engine.Probe.Gate("u").TrySetResult();
        await engine.WaitForStateAsync(first.JobId, JobState.Succeeded);
        var third = await engine.EnqueueAsync("record", new NameArgs("u2"), r => r with { UniqueKey = "report:2026-01-01" });
        Assert.False(third.Existing);
        Assert.NotEqual(first.JobId, third.JobId);
    }

    [Fact]
    public async Task DelayedJob_WaitsForItsTime()
    {
        await using var engine = await TestEngine.StartOnAsync(store);
        var result = await engine.EnqueueAsync("record", new NameArgs("later"), r => r with { Delay = TimeSpan.FromMinutes(5) });
        Assert.Equal(JobState.Scheduled, result.State);

        engine.Time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(JobState.Scheduled, (await engine.Queries.GetAsync(result.JobId, TestContext.Current.CancellationToken))!.Summary.State);
        Assert.Empty(engine.Probe.Runs);

        engine.Time.Advance(TimeSpan.FromMinutes(1));
        await engine.WaitForStateAsync(result.JobId, JobState.Succeeded);
    }
}

public sealed class DispatchTestsOnSqlite() : DispatchTests(StoreBackend.Sqlite);

public sealed class DispatchTestsOnPostgres() : DispatchTests(StoreBackend.Postgres);
