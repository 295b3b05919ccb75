using Jobs.Model;
using Jobs.Storage;
using Jobs.Tests.Fakes;
using Microsoft.Data.Sqlite;

namespace Jobs.Tests.Storage;

public sealed class WriteFailureTests
{
    /// <summary>
    /// A refused insert fails its enqueue with the store's reason and where it is, and loses nothing already committed
    /// or written alongside. With early starts off a failed enqueue also means the job never ran; with them on (the
    /// default) it may have run, but no row of it is stored.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Enqueue_FailsWithAClearError_WhenTheStoreRefusesTheWrite_AndLosesNothingElse(bool earlyStart)
    {
        await using var engine = await TestEngine.StartAsync(new() { ["JobEngine:EarlyStart"] = earlyStart ? "true" : "false" });
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
        if (!earlyStart)
        {
            Assert.DoesNotContain("refused", engine.Probe.Runs);
        }
    }
}
