using Jobs.Model;
using Jobs.Tests.Fakes;

namespace Jobs.Tests.Processing;

/// <summary>Part of the store suite: runs on every store (see <see cref="StoreBackend"/>).</summary>
public abstract class ProgressAndLogTests(StoreBackend store)
{
    [Fact]
    public async Task Job_KeepsItsLogLines_AndEndsWithFullProgress()
    {
        await using var engine = await TestEngine.StartOnAsync(store);
        var id = (await engine.EnqueueAsync("progress", new ProgressArgs(5))).JobId;
        var job = await engine.WaitForStateAsync(id, JobState.Succeeded);
        Assert.Equal(1.0, job.Summary.Progress!.Value.Fraction);
        Assert.Equal("step 5", job.Summary.Progress.Value.Message);
        Assert.Equal(5, job.Summary.Progress.Value.Total);
        Assert.Equal(["Step 1", "Step 2", "Step 3", "Step 4", "Step 5"], job.Logs.Select(l => l.Message));
        Assert.All(job.Logs, l => Assert.Equal(1, l.Attempt));
    }

    [Fact]
    public async Task RunningJobProgress_IsStored_WhenTheFlusherTicks()
    {
        await using var engine = await TestEngine.StartOnAsync(store);
        var id = (await engine.EnqueueAsync("gate", new GateArgs("p"))).JobId;
        await engine.Probe.StartedSignal("p").Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        var host = (Jobs.Processing.RunningJobRegistry)engine.Host.Services.GetService(typeof(Jobs.Processing.RunningJobRegistry))!;
        Assert.True(host.TryGet(id, out var running));
        for (var i = 1; i <= 100; i++)
        {
            running.ReportProgress(i / 200.0, "halfway");
        }

        engine.Time.Advance(Jobs.Processing.ProgressFlusher.Interval);
        await TestEngine.WaitUntilAsync(
            async () => (await engine.Queries.GetAsync(id, TestContext.Current.CancellationToken))!.Summary.Progress is { Fraction: 0.5, Message: "halfway" },
            "the running job's latest progress was stored");

        engine.Probe.Gate("p").TrySetResult();
        await engine.WaitForStateAsync(id, JobState.Succeeded);
    }

    [Fact]
    public async Task Cleanup_DeletesFinishedJobsPastTheirRetention_AndKeepsTheRest()
    {
        await using var engine = await TestEngine.StartOnAsync(store, new() { ["JobEngine:SucceededRetention"] = "1.00:00:00", ["JobEngine:FailedRetention"] = "7.00:00:00", ["JobEngine:RetentionInterval"] = "30.00:00:00" });
        var old = (await engine.EnqueueAsync("record", new NameArgs("old"))).JobId;
        var oldDead = (await engine.EnqueueAsync("throw", new ThrowArgs("argument"))).JobId;
        await engine.WaitForStateAsync(old, JobState.Succeeded);
        await engine.WaitForStateAsync(oldDead, JobState.DeadLettered);
        engine.Time.Advance(TimeSpan.FromHours(25));
        var recent = (await engine.EnqueueAsync("record", new NameArgs("recent"))).JobId;
        await engine.WaitForStateAsync(recent, JobState.Succeeded);

        var cleanup = (await engine.EnqueueAsync(Jobs.Maintenance.CleanupJob.TypeName)).JobId;
        var result = await engine.WaitForStateAsync(cleanup, JobState.Succeeded);
        Assert.Equal("""{"succeeded":1,"failed":0}""", result.Result);
        Assert.Null(await engine.Queries.GetAsync(old, TestContext.Current.CancellationToken));
        Assert.NotNull(await engine.Queries.GetAsync(oldDead, TestContext.Current.CancellationToken));
        Assert.NotNull(await engine.Queries.GetAsync(recent, TestContext.Current.CancellationToken));
        var counts = await engine.Queries.CountByStateAsync(TestContext.Current.CancellationToken);
        Assert.Equal(2, counts[JobState.Succeeded]);
        Assert.Equal(1, counts[JobState.DeadLettered]);
    }
}

public sealed class ProgressAndLogTestsOnSqlite() : ProgressAndLogTests(StoreBackend.Sqlite);

public sealed class ProgressAndLogTestsOnPostgres() : ProgressAndLogTests(StoreBackend.Postgres);
