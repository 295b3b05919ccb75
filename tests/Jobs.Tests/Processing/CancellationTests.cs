using Jobs.Client;
using Jobs.Model;
using Jobs.Tests.Fakes;

namespace Jobs.Tests.Processing;

/// <summary>Part of the store suite: runs on every store (see <see cref="StoreBackend"/>).</summary>
public abstract class CancellationTests(StoreBackend store)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Cancel_QueuedJob_NeverRuns()
    {
        await using var engine = await TestEngine.StartOnAsync(store, new() { ["JobEngine:Workers"] = "1" });
        var blocker = (await engine.EnqueueAsync("gate", new GateArgs("blocker"))).JobId;
        await engine.Probe.StartedSignal("blocker").Task.WaitAsync(Wait, TestContext.Current.CancellationToken);
        var queued = (await engine.EnqueueAsync("record", new NameArgs("queued"))).JobId;

        var result = await engine.Client.CancelAsync(queued, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(JobActionStatus.Done, result.Status);
        engine.Probe.Gate("blocker").TrySetResult();
        await engine.WaitForStateAsync(blocker, JobState.Succeeded);
        var after = (await engine.EnqueueAsync("record", new NameArgs("after"))).JobId;
        await engine.WaitForStateAsync(after, JobState.Succeeded);

        Assert.DoesNotContain("queued", engine.Probe.Runs);
        Assert.Equal(JobState.Cancelled, (await engine.Queries.GetAsync(queued, TestContext.Current.CancellationToken))!.Summary.State);
    }

    [Fact]
    public async Task Cancel_ScheduledJob_NeverRuns_WhenItsTimeComes()
    {
        await using var engine = await TestEngine.StartOnAsync(store);
        var id = (await engine.EnqueueAsync("record", new NameArgs("scheduled"), r => r with { Delay = TimeSpan.FromMinutes(1) })).JobId;
        Assert.True((await engine.Client.CancelAsync(id, "not needed", TestContext.Current.CancellationToken)).Succeeded);
        engine.Time.Advance(TimeSpan.FromMinutes(2));
        var marker = (await engine.EnqueueAsync("record", new NameArgs("marker"))).JobId;
        await engine.WaitForStateAsync(marker, JobState.Succeeded);
        var job = await engine.Queries.GetAsync(id, TestContext.Current.CancellationToken);
        Assert.Equal(JobState.Cancelled, job!.Summary.State);
        Assert.Equal("not needed", job.Summary.Reason);
        Assert.DoesNotContain("scheduled", engine.Probe.Runs);
    }

    [Fact]
    public async Task Cancel_RunningJobThatHonoursItsToken_EndsCancelled()
    {
        await using var engine = await TestEngine.StartOnAsync(store);
        var id = (await engine.EnqueueAsync("gate", new GateArgs("running", Honour: true))).JobId;
        await engine.Probe.StartedSignal("running").Task.WaitAsync(Wait, TestContext.Current.CancellationToken);

        var result = await engine.Client.CancelAsync(id, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(JobState.Processing, result.State);
        var job = await engine.WaitForStateAsync(id, JobState.Cancelled);
        Assert.Equal(JobState.Cancelled, job.Attempts.Single().Outcome);
    }

    [Fact]
    public async Task Cancel_RunningJobThatIgnoresItsToken_IsCancelledAfterGrace_AndFreesItsWorker()
    {
        await using var engine = await TestEngine.StartOnAsync(store, new() { ["JobEngine:Workers"] = "1", ["JobEngine:CancellationGrace"] = "00:00:05" });
        var id = (await engine.EnqueueAsync("gate", new GateArgs("stubborn", Honour: false))).JobId;
        await engine.Probe.StartedSignal("stubborn").Task.WaitAsync(Wait, TestContext.Current.CancellationToken);
        var next = (await engine.EnqueueAsync("record", new NameArgs("next"))).JobId;

        await engine.Client.CancelAsync(id, cancellationToken: TestContext.Current.CancellationToken);
        engine.Time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(JobState.Enqueued, (await engine.Queries.GetAsync(next, TestContext.Current.CancellationToken))!.Summary.State);

        engine.Time.Advance(TimeSpan.FromSeconds(1));
        await engine.WaitForStateAsync(id, JobState.Cancelled);
        await engine.WaitForStateAsync(next, JobState.Succeeded);
        engine.Probe.Gate("stubborn").TrySetResult();
    }

    [Fact]
    public async Task Timeout_CancelsTheAttempt_AndRetriesItAsATransientFailure()
    {
        await using var engine = await TestEngine.StartOnAsync(store);
        var id = (await engine.EnqueueAsync("gate", new GateArgs("slow"), r => r with { Timeout = TimeSpan.FromSeconds(30), MaxRetries = 1, RetryJitter = false })).JobId;
        await engine.Probe.StartedSignal("slow").Task.WaitAsync(Wait, TestContext.Current.CancellationToken);

        engine.Time.Advance(TimeSpan.FromSeconds(30));
        var failed = await engine.WaitForStateAsync(id, JobState.Failed);
        var error = failed.Attempts.Single().Error!;
        Assert.Equal(typeof(Jobs.Errors.JobTimeoutException).FullName, error.Type);
        Assert.True(error.Transient);
        Assert.Equal(TestEngine.Start.AddSeconds(31), failed.Summary.RunAt);
    }

    [Fact]
    public async Task Cancel_Conflicts_WhenTheJobAlreadyEnded_AndIsNotFound_ForAnUnknownId()
    {
        await using var engine = await TestEngine.StartOnAsync(store);
        var id = (await engine.EnqueueAsync("record", new NameArgs("x"))).JobId;
        await engine.WaitForStateAsync(id, JobState.Succeeded);

        var conflict = await engine.Client.CancelAsync(id, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(JobActionStatus.Conflict, conflict.Status);
        Assert.Contains("already Succeeded", conflict.Reason, StringComparison.Ordinal);
        Assert.Equal(JobActionStatus.NotFound, (await engine.Client.CancelAsync(999_999, cancellationToken: TestContext.Current.CancellationToken)).Status);
        Assert.Equal(JobActionStatus.Conflict, (await engine.Client.RetryAsync(id, TestContext.Current.CancellationToken)).Status);
        Assert.Equal(JobActionStatus.Done, (await engine.Client.DeleteAsync(id, TestContext.Current.CancellationToken)).Status);
        Assert.Null(await engine.Queries.GetAsync(id, TestContext.Current.CancellationToken));
    }
}

public sealed class CancellationTestsOnSqlite() : CancellationTests(StoreBackend.Sqlite);

public sealed class CancellationTestsOnPostgres() : CancellationTests(StoreBackend.Postgres);
