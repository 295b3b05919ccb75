using Jobs.Model;
using Jobs.Storage;
using Jobs.Tests.Fakes;

namespace Jobs.Tests.Processing;

/// <summary>
/// The lease test of issue 4: a process frozen with SIGSTOP past its lease loses the job to another process,
/// and when it is resumed its worker's late outcome can't overwrite the newer run's (the lease_version fence).
/// </summary>
[Collection(CrashSafetyCollection.Name)]
public sealed class LeaseTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Freeze_JobRunsElsewhereAndTheResumedWorkerCannotOverwriteIt_WhenFrozenPastTheLease()
    {
        using var data = new CrashDataDirectory();
        await using var first = await CrashHostProcess.StartAsync("A", data.Path, "--workers", "1", "--lease", "00:00:01", "--enqueue", "1", "--hold-ms", "3000");
        var id = (await first.WaitForEnqueuedAsync(1, Deadline))[0];
        await CrashDataDirectory.WaitUntilAsync(data.ReadJobRowsAsync, rows => rows[id] is { State: JobState.Processing, Attempt: 1 }, Deadline,
            rows => $"job {id} is {rows[id].State} (attempt {rows[id].Attempt}) in A{first.Diagnostics()}");

        await FreezeOutsideAWriteAsync(first, data);

        JobRow afterSecond;
        // B's own lease is long: on a loaded machine a one-second lease can lapse between B's heartbeats, and B would
        // then take its own job back and run it a third time. Only A's lease has to be short.
        await using (var second = await CrashHostProcess.StartAsync("B", data.Path, "--workers", "1", "--lease", "00:00:10"))
        {
            afterSecond = (await CrashDataDirectory.WaitUntilAsync(data.ReadJobRowsAsync, rows => rows[id].State == JobState.Succeeded, Deadline,
                rows => $"job {id} is {rows[id].State} (attempt {rows[id].Attempt}) while A is frozen{second.Diagnostics()}"))[id];
            await second.StopAsync();
        }

        Assert.Equal(2, afterSecond.Attempt);
        Assert.Contains(History(afterSecond), h => h.State == JobState.Enqueued && h.Reason?.Contains("expired", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(await data.ReadMarksAsync(), m => m is { Attempt: 1, Event: "done" });

        // Resume A: its attempt-1 handler finishes now, long after its lease, and tries to record Succeeded.
        await first.SignalAsync("CONT");
        await CrashDataDirectory.WaitUntilAsync(data.ReadMarksAsync, marks => marks.Contains(new Mark(id, 1, "done")), Deadline,
            marks => $"A's attempt 1 never finished after SIGCONT; marks: [{string.Join(", ", marks)}]{first.Diagnostics()}");
        await first.WaitForStderrAsync($"Job {id} was taken over by another node", Deadline);
        await first.StopAsync();
        Assert.True(first.ExitCode == 0, $"exit code {first.ExitCode}{first.Diagnostics()}");

        var marks = await data.ReadMarksAsync();
        Assert.Equal([new Mark(id, 1, "start"), new Mark(id, 2, "start"), new Mark(id, 2, "done"), new Mark(id, 1, "done")], marks);
        var final = (await data.ReadJobRowsAsync())[id];
        Assert.Equal(afterSecond, final);
        Assert.Equal(JobState.Succeeded, final.State);
        Assert.Equal(2, final.Attempt);
        Assert.Single(History(final), h => h.State == JobState.Succeeded);
        Assert.Equal([id], await data.ReadCompletionsAsync());
    }

    private static IReadOnlyList<JobHistoryEntry> History(JobRow row) => JsonFragments.ParseHistory(row.History);

    /// <summary>
    /// SIGSTOPs the process at a moment it holds no write lock on jobs.db: frozen inside a lease renewal's
    /// transaction it would block every other process's writes (busy timeout), which is a different test.
    /// </summary>
    private static async Task FreezeOutsideAWriteAsync(CrashHostProcess process, CrashDataDirectory data)
    {
        for (var tries = 0; tries < 10; tries++)
        {
            await process.SignalAsync("STOP");
            if (await data.IsWriteLockFreeAsync())
            {
                return;
            }

            // Let it finish the transaction it was frozen in (the check waits up to a second for the lock), then freeze again.
            await process.SignalAsync("CONT");
            await data.IsWriteLockFreeAsync();
        }

        Assert.Fail("Could not freeze the process outside a write transaction in 10 tries.");
    }
}
