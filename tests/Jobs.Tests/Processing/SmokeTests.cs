using Jobs.Model;
using Jobs.Tests.Fakes;

namespace Jobs.Tests.Processing;

/// <summary>Part of the store suite: runs on every store (see <see cref="StoreBackend"/>).</summary>
public abstract class SmokeTests(StoreBackend store)
{
    [Fact]
    public async Task Enqueue_RunsJobToSucceeded_WithResultAndHistory()
    {
        await using var engine = await TestEngine.StartOnAsync(store);
        var result = await engine.EnqueueAsync("record", new NameArgs("a"));
        var job = await engine.WaitForStateAsync(result.JobId, JobState.Succeeded);
        Assert.Equal("\"done:a\"", job.Result);
        Assert.Equal([JobState.Enqueued, JobState.Processing, JobState.Succeeded], job.History.Select(h => h.State));
        Assert.Single(job.Attempts);
    }
}

public sealed class SmokeTestsOnSqlite() : SmokeTests(StoreBackend.Sqlite);

public sealed class SmokeTestsOnPostgres() : SmokeTests(StoreBackend.Postgres);
