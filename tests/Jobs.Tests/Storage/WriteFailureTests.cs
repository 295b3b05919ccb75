using Jobs.Model;
using Jobs.Storage;
using Jobs.Tests.Fakes;
using Microsoft.Data.Sqlite;

namespace Jobs.Tests.Storage;

public sealed class WriteFailureTests
{
    /// <summary>With early starts off, a failed enqueue means the job never ran.</summary>
    [Fact]
    public async Task Enqueue_FailsWithAClearError_WhenTheStoreRefusesTheWrite_AndLosesNothingElse()
    {
        await using var engine = await TestEngine.StartAsync(new() { ["JobEngine:EarlyStart"] = "false" });
        var before = (await engine.EnqueueAsync("record", new NameArgs("before"))).JobId;
        await engine.WaitForStateAsync(before, JobState.Succeeded);

        // The database refuses this one insert, as a full disk would.
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(engine.Directory, "jobs.db")}"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TRIGGER refuse BEFORE INSERT ON jobs WHEN NEW.args LIKE '%refused%' BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;";
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var refused = engine.EnqueueAsync("record", new NameArgs("refused"));
        var accepted = engine.EnqueueAsync("record", new NameArgs("accepted"));

        var error = await Assert.ThrowsAsync<JobStoreException>(() => refused);
        Assert.Contains("database or disk is full", error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(engine.Directory, "jobs.db"), error.Message, StringComparison.Ordinal);
        var kept = (await accepted).JobId;
        await engine.WaitForStateAsync(kept, JobState.Succeeded);
        Assert.Equal(JobState.Succeeded, (await engine.Queries.GetAsync(before, TestContext.Current.CancellationToken))!.Summary.State);
        var counts = await engine.Queries.CountByStateAsync(TestContext.Current.CancellationToken);
        Assert.Equal(2, counts[JobState.Succeeded]);
        Assert.Equal(2, counts.Values.Sum());
        Assert.DoesNotContain("refused", engine.Probe.Runs);
    }

    /// <summary>
    /// With early starts on (the default), the refused job may already have run, but its enqueue still fails with the
    /// store's reason, no row of it is stored, and the other jobs are kept.
    /// </summary>
    [Fact]
    public async Task EarlyStart_RefusedEnqueue_StillFailsClearly_StoresNoRow_AndLosesNothingElse()
    {
        await using var engine = await TestEngine.StartAsync();
        var before = (await engine.EnqueueAsync("record", new NameArgs("before"))).JobId;
        await engine.WaitForStateAsync(before, JobState.Succeeded);
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(engine.Directory, "jobs.db")}"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TRIGGER refuse BEFORE INSERT ON jobs WHEN NEW.args LIKE '%refused%' BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;";
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var refused = engine.EnqueueAsync("record", new NameArgs("refused"));
        var accepted = engine.EnqueueAsync("record", new NameArgs("accepted"));

        var error = await Assert.ThrowsAsync<JobStoreException>(() => refused);
        Assert.Contains("database or disk is full", error.Message, StringComparison.Ordinal);
        var kept = (await accepted).JobId;
        await engine.WaitForStateAsync(kept, JobState.Succeeded);
        var counts = await engine.Queries.CountByStateAsync(TestContext.Current.CancellationToken);
        Assert.Equal(2, counts[JobState.Succeeded]);
        Assert.Equal(2, counts.Values.Sum());
    }
}
