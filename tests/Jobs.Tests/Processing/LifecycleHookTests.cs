using Jobs.Model;
using Jobs.Tests.Fakes;

namespace Jobs.Tests.Processing;

/// <summary>Part of the store suite: runs on every store (see <see cref="StoreBackend"/>).</summary>
public abstract class LifecycleHookTests(StoreBackend store)
{
    [Fact]
    public async Task Hooks_RunInOrder_AfterEachOutcomeIsStored_WhenAJobRetriesThenSucceeds()
    {
        await using var engine = await TestEngine.StartOnAsync(store);
        var id = (await engine.EnqueueAsync("hooks", new HookArgs(SucceedOnAttempt: 2), r => r with { RetryDelay = TimeSpan.FromSeconds(5), RetryJitter = false })).JobId;
        await engine.WaitForStateAsync(id, JobState.Failed);
        await TestEngine.WaitUntilAsync(() => Task.FromResult(engine.Probe.Runs.Count == 2), "the retry hook ran");
        engine.Time.Advance(TimeSpan.FromSeconds(5));
        await engine.WaitForStateAsync(id, JobState.Succeeded);
        await TestEngine.WaitUntilAsync(() => Task.FromResult(engine.Probe.Runs.Count == 4), "the success hook ran");

        Assert.Equal(["start:1@Enqueued", "retry:TimeoutException:5@Failed", "start:2@Enqueued", "success@Succeeded"], engine.Probe.Runs);
    }

    [Fact]
    public async Task FailureHook_Runs_OnceTheJobIsDeadLettered()
    {
        await using var engine = await TestEngine.StartOnAsync(store);
        var id = (await engine.EnqueueAsync("hooks", new HookArgs(SucceedOnAttempt: 99), r => r with { MaxRetries = 0 })).JobId;
        await engine.WaitForStateAsync(id, JobState.DeadLettered);
        await TestEngine.WaitUntilAsync(() => Task.FromResult(engine.Probe.Runs.Count == 2), "the failure hook ran");

        Assert.Equal(["start:1@Enqueued", "failure:attempt 1 timed out@DeadLettered"], engine.Probe.Runs);
    }
}

public sealed class LifecycleHookTestsOnSqlite() : LifecycleHookTests(StoreBackend.Sqlite);

public sealed class LifecycleHookTestsOnPostgres() : LifecycleHookTests(StoreBackend.Postgres);
