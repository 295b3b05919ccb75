using Jobs.Model;
using Jobs.Tests.Fakes;

namespace Jobs.Tests.Processing;

/// <summary>Part of the store suite: runs on every store (see <see cref="StoreBackend"/>).</summary>
public abstract class RetryTests(StoreBackend store)
{
    [Fact]
    public async Task TransientFailure_RetriesAtBackoffTimes_ThenDeadLetters()
    {
        await using var engine = await TestEngine.StartOnAsync(store);
        var id = (await engine.EnqueueAsync("throw", new ThrowArgs("timeout"), r => r with { MaxRetries = 2, RetryDelay = TimeSpan.FromSeconds(10), RetryBackoff = 3, RetryJitter = false })).JobId;

        var failed = await engine.WaitForStateAsync(id, JobState.Failed);
        Assert.Equal(TestEngine.Start.AddSeconds(10), failed.Summary.RunAt);
        Assert.Equal("System.TimeoutException", failed.Summary.LastErrorType);

        engine.Time.Advance(TimeSpan.FromSeconds(9));
        Assert.Single(engine.Probe.Runs);
        Assert.Equal(JobState.Failed, (await engine.Queries.GetAsync(id, TestContext.Current.CancellationToken))!.Summary.State);

        engine.Time.Advance(TimeSpan.FromSeconds(1));
        await TestEngine.WaitUntilAsync(() => Task.FromResult(engine.Probe.Runs.Count >= 2), "the first retry ran");
        var again = await engine.WaitForStateAsync(id, JobState.Failed);
        Assert.Equal(TestEngine.Start.AddSeconds(10 + 30), again.Summary.RunAt);

        engine.Time.Advance(TimeSpan.FromSeconds(30));
        var dead = await engine.WaitForStateAsync(id, JobState.DeadLettered);
        Assert.Equal(3, engine.Probe.Runs.Count);
        Assert.Equal(3, dead.Attempts.Count);
        Assert.All(dead.Attempts, a => Assert.True(a.Error!.Transient));
        Assert.Contains("Retries exhausted", dead.Summary.Reason, StringComparison.Ordinal);
        Assert.Equal(
            [JobState.Enqueued, JobState.Processing, JobState.Failed, JobState.Enqueued, JobState.Processing, JobState.Failed, JobState.Enqueued, JobState.Processing, JobState.DeadLettered],
            dead.History.Select(h => h.State));
    }

    [Theory]
    [InlineData("argument")]
    [InlineData("permanent")]
    [InlineData("other")]
    public async Task PermanentFailure_DeadLettersAtOnce_WithoutRetry(string kind)
    {
        await using var engine = await TestEngine.StartOnAsync(store);
        var id = (await engine.EnqueueAsync("throw", new ThrowArgs(kind), r => r with { MaxRetries = 5 })).JobId;
        var dead = await engine.WaitForStateAsync(id, JobState.DeadLettered);
        Assert.Single(dead.Attempts);
        Assert.False(dead.Attempts[0].Error!.Transient);
        Assert.Contains("Permanent", dead.Summary.Reason, StringComparison.Ordinal);
        Assert.NotNull(dead.Attempts[0].Error!.StackTrace);
    }

    [Fact]
    public async Task RetryDeadLettered_RunsAgain_WithRetryCountResetAndHistoryKept()
    {
        await using var engine = await TestEngine.StartOnAsync(store);
        var id = (await engine.EnqueueAsync("throw", new ThrowArgs("argument"))).JobId;
        await engine.WaitForStateAsync(id, JobState.DeadLettered);

        var retried = await engine.Client.RetryDeadLetteredAsync([id], TestContext.Current.CancellationToken);
        Assert.Equal(1, retried);
        var dead = await engine.WaitForStateAsync(id, JobState.DeadLettered);
        Assert.Equal(2, dead.Attempts.Count);
        Assert.Contains(dead.History, h => h.Reason == "Retried by a user.");
    }
}

public sealed class RetryTestsOnSqlite() : RetryTests(StoreBackend.Sqlite);

public sealed class RetryTestsOnPostgres() : RetryTests(StoreBackend.Postgres);
