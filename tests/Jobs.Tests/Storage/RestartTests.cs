using Jobs.Model;
using Jobs.Tests.Fakes;

namespace Jobs.Tests.Storage;

/// <summary>Part of the store suite: runs on every store (see <see cref="StoreBackend"/>).</summary>
public abstract class RestartTests(StoreBackend store)
{
    [Fact]
    public async Task Restart_LosesNothing_AndScheduledJobsStayDue()
    {
        var directory = Path.Combine(Path.GetTempPath(), "jobs-tests", Guid.NewGuid().ToString("N"));
        try
        {
            long done, scheduled, waiting;
            var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestEngine.Start);
            await using (var first = await TestEngine.StartOnAsync(store, new() { ["JobEngine:Workers"] = "1" }, directory, time))
            {
                done = (await first.EnqueueAsync("record", new NameArgs("done"))).JobId;
                await first.WaitForStateAsync(done, JobState.Succeeded);
                scheduled = (await first.EnqueueAsync("record", new NameArgs("scheduled"), r => r with { Delay = TimeSpan.FromHours(1) })).JobId;
                var blocker = (await first.EnqueueAsync("gate", new GateArgs("blocker"))).JobId;
                await first.Probe.StartedSignal("blocker").Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
                waiting = (await first.EnqueueAsync("record", new NameArgs("waiting"))).JobId;
                first.Probe.Gate("blocker").TrySetResult();
                await first.StopAsync();
            }

            await using var second = await TestEngine.StartOnAsync(store, directory: directory, time: time);
            Assert.Equal(JobState.Succeeded, (await second.Queries.GetAsync(done, TestContext.Current.CancellationToken))!.Summary.State);
            await second.WaitForStateAsync(waiting, JobState.Succeeded);
            Assert.Equal(JobState.Scheduled, (await second.Queries.GetAsync(scheduled, TestContext.Current.CancellationToken))!.Summary.State);

            time.Advance(TimeSpan.FromHours(1));
            await second.WaitForStateAsync(scheduled, JobState.Succeeded);
            var counts = await second.Queries.CountByStateAsync(TestContext.Current.CancellationToken);
            Assert.Equal(4, counts[JobState.Succeeded]);
            Assert.Equal(0, counts.Where(c => c.Key != JobState.Succeeded).Sum(c => c.Value));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}

public sealed class RestartTestsOnSqlite() : RestartTests(StoreBackend.Sqlite);

public sealed class RestartTestsOnPostgres() : RestartTests(StoreBackend.Postgres);

/// <summary>What only the SQLite store promises: its file and journal mode.</summary>
public sealed class SqliteFileTests
{
    [Fact]
    public async Task Store_KeepsJobsInAWalSqliteFile_UnderTheDataDirectory()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = (await engine.EnqueueAsync("record", new NameArgs("x"))).JobId;
        await engine.WaitForStateAsync(id, JobState.Succeeded);
        var path = Path.Combine(engine.Directory, "jobs.db");
        Assert.True(File.Exists(path));
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode; ";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        command.CommandText = "SELECT state FROM jobs WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        Assert.Equal((long)JobState.Succeeded, (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!);
    }
}
