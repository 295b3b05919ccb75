using Jobs.Model;
using Jobs.Storage;
using Jobs.Tests.Fakes;
using Microsoft.Data.Sqlite;

namespace Jobs.Tests.Storage;

/// <summary>
/// Disk-full and read-only data directories (issue 4): at start the app refuses with a message naming the path;
/// during a run an enqueue fails with a clear error and nothing already committed is lost.
/// </summary>
/// <remarks>
/// Tests run as root in CI, where chmod stops nothing: a directory that can't be created (its parent is a
/// regular file) works anywhere; a read-only or full disk is a tmpfs this test mounts (see <see cref="ScratchFilesystem"/>).
/// </remarks>
[Collection(Processing.CrashSafetyCollection.Name)]
public sealed class StorageFailureTests
{
    private const int RefusedStartExitCode = 3;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Start_RefusesNamingThePath_WhenTheDataDirectoryCannotBeCreated()
    {
        using var scratch = new CrashDataDirectory();
        var file = Path.Combine(scratch.Path, "not-a-directory");
        await File.WriteAllTextAsync(file, "a regular file", TestContext.Current.CancellationToken);
        var data = Path.Combine(file, "data");

        var (exitCode, stderr, wasReady) = await CrashHostProcess.RunToExitAsync("A", data, Deadline, "--enqueue", "1");

        Assert.False(wasReady, $"the host started on {data}\n{stderr}");
        Assert.True(exitCode == RefusedStartExitCode, $"exit code {exitCode}\n{stderr}");
        Assert.Contains($"start failed: The data directory '{data}' is not writable", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_RefusesNamingThePath_WhenTheDataDirectoryIsOnAReadOnlyDisk()
    {
        await using var disk = await ScratchFilesystem.MountOrSkipAsync(8 * 1024 * 1024);
        var data = Path.Combine(disk.Path, "data");
        long jobId;
        await using (var first = await CrashHostProcess.StartAsync("A", data, "--enqueue", "1"))
        {
            jobId = (await first.WaitForEnqueuedAsync(1, Deadline))[0];
            await WaitForSucceededAsync(data, [jobId], first);
            await first.StopAsync();
        }

        // As when the kernel remounts a failing disk read-only: the store is there, but nothing can write it.
        await disk.MakeReadOnlyAsync();
        var (exitCode, stderr, wasReady) = await CrashHostProcess.RunToExitAsync("B", data, Deadline);

        Assert.False(wasReady, $"the host started on a read-only {data}\n{stderr}");
        Assert.True(exitCode == RefusedStartExitCode, $"exit code {exitCode}\n{stderr}");
        Assert.Contains($"start failed: The data directory '{data}' is not writable", stderr, StringComparison.Ordinal);
        Assert.Contains("Read-only file system", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enqueue_FailsWithAStoreErrorAndLosesNothingCommitted_WhenTheDiskFills()
    {
        await using var disk = await ScratchFilesystem.MountOrSkipAsync(8 * 1024 * 1024);
        var data = Path.Combine(disk.Path, "data");
        var committed = new List<long>();
        Exception? failure = null;
        // No workers while the disk is full: what is under test is the enqueue path and what it committed.
        await using (var engine = await TestEngine.StartAsync(new() { ["JobEngine:RunWorkers"] = "false" }, data))
        {
            for (var i = 0; i < 50; i++)
            {
                committed.Add((await engine.EnqueueAsync("record", new NameArgs($"before-{i}"))).JobId);
            }

            var filler = await disk.FillAsync();

            // Big arguments, so the WAL must grow within a few enqueues; bounded, so a disk that never fills fails the test.
            var big = new string('x', 256 * 1024);
            for (var i = 0; i < 200 && failure is null; i++)
            {
                try
                {
                    committed.Add((await engine.EnqueueAsync("record", new NameArgs($"full-{i}-{big}"))).JobId);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    failure = ex;
                }
            }

            Assert.NotNull(failure);
            TestContext.Current.TestOutputHelper?.WriteLine($"enqueue on a full disk threw {failure.GetType().FullName}: {failure.Message}");
            AssertSaysTheStoreWriteFailed(failure, Path.Combine(data, "jobs.db"));

            // Space comes back: the same engine, not restarted, commits again.
            File.Delete(filler);
            committed.Add((await engine.EnqueueAsync("record", new NameArgs("after"))).JobId);
        }

        await using (var engine = await TestEngine.StartAsync(directory: data))
        {
            foreach (var id in committed)
            {
                await engine.WaitForStateAsync(id, JobState.Succeeded, Deadline);
            }

            var counts = await engine.Queries.CountByStateAsync(TestContext.Current.CancellationToken);
            Assert.Equal(committed.Count, counts.Values.Sum());
            Assert.Equal(committed.Count, counts[JobState.Succeeded]);
        }

        Assert.Equal("ok", await IntegrityCheckAsync(Path.Combine(data, "jobs.db")));
    }

    [Fact]
    public async Task Outcome_IsStoredOnceTheStoreWritesAgain_WhenItsFirstWriteFailedInARunningNode()
    {
        // No early start: the outcome must be a write of its own (an UPDATE), as it is for any job that outlasts its insert's batch.
        await using var engine = await TestEngine.StartAsync(new() { ["JobEngine:LeaseDuration"] = "00:00:30", ["JobEngine:Workers"] = "1", ["JobEngine:EarlyStart"] = "false" });
        // The store refuses this one job's Succeeded write, as a full disk would, until the trigger is dropped.
        await ExecuteAsync(engine, "CREATE TRIGGER refuse BEFORE UPDATE OF state ON jobs WHEN NEW.state = 4 AND NEW.args LIKE '%victim%' BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;");
        var victim = (await engine.EnqueueAsync("record", new NameArgs("victim"))).JobId;
        // The writer is FIFO: once a job enqueued after the victim ran has succeeded, the victim's outcome write has failed.
        var marker = (await engine.EnqueueAsync("record", new NameArgs("marker"))).JobId;
        await engine.WaitForStateAsync(marker, JobState.Succeeded);
        Assert.Contains("victim", engine.Probe.Runs);
        Assert.NotEqual(JobState.Succeeded, (await engine.Queries.GetAsync(victim, TestContext.Current.CancellationToken))!.Summary.State);

        // Space is back. The node is alive and keeps renewing its leases, so the job is never taken over by a lease
        // expiry: the node itself must get the job's outcome stored (or run it again), not hold it forever.
        await ExecuteAsync(engine, "DROP TRIGGER refuse;");

        // The worker's retry waits on the fake clock, and it may not be waiting yet when the marker succeeded: move the
        // clock a second at a time until the outcome is stored, so the retry's delay fires whenever it was set.
        await TestEngine.WaitUntilAsync(async () =>
        {
            if ((await engine.Queries.GetAsync(victim, TestContext.Current.CancellationToken))!.Summary.State == JobState.Succeeded)
            {
                return true;
            }

            engine.Time.Advance(TimeSpan.FromSeconds(1));
            return false;
        }, "the victim's outcome is stored once the store writes again", TimeSpan.FromSeconds(15));
    }

    private static async Task ExecuteAsync(TestEngine engine, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(engine.Directory, "jobs.db")};Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The error a caller sees must say that the job store's write failed, where, and why (the disk is full).</summary>
    private static void AssertSaysTheStoreWriteFailed(Exception failure, string database)
    {
        var error = Assert.IsType<JobStoreException>(failure);
        Assert.True(error.InnerException is SqliteException { SqliteErrorCode: 13 }, $"expected SQLITE_FULL (13) inside, got {failure}");
        Assert.Contains("full", failure.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("job store", failure.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(database, failure.Message, StringComparison.Ordinal);
    }

    private static async Task WaitForSucceededAsync(string data, IReadOnlyList<long> ids, CrashHostProcess host)
    {
        using var reader = CrashDataDirectory.Existing(data);
        await CrashDataDirectory.WaitUntilAsync(() => reader.ReadJobStatesAsync("mark"), states => ids.All(id => states.GetValueOrDefault(id) == JobState.Succeeded), Deadline,
            states => $"states {string.Join(", ", states)}{host.Diagnostics()}");
    }

    private static async Task<string?> IntegrityCheckAsync(string database)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string?)await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }
}
