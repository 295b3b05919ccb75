using Jobs.Model;
using Jobs.Storage;
using Jobs.Tests.Fakes;

namespace Jobs.Tests.Processing;

/// <summary>
/// The shutdown test of issue 4: a graceful stop while 8 long jobs run. With a long enough grace they finish
/// within it; with a short one they are requeued (never failed) and released, so the next process runs them at
/// once instead of waiting out a lease.
/// </summary>
[Collection(CrashSafetyCollection.Name)]
public sealed class ShutdownTests
{
    private const int JobCount = 8;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Sigterm_RunningJobsFinishWithinTheGrace_WhenTheGraceIsLongEnough()
    {
        using var data = new CrashDataDirectory();
        var grace = TimeSpan.FromSeconds(20);
        await using var host = await CrashHostProcess.StartAsync("A", data.Path,
            "--workers", "8", "--lease", "00:00:05", "--shutdown-grace", "00:00:20", "--enqueue", $"{JobCount}", "--hold-ms", "3000");
        var ids = await host.WaitForEnqueuedAsync(JobCount, Deadline);
        await WaitAllRunningAsync(data, ids, host);

        await host.SignalAsync("TERM");
        var stopping = TimeProvider.System.GetTimestamp();
        var exitCode = await host.WaitForExitAsync(Deadline);
        var stopTook = TimeProvider.System.GetElapsedTime(stopping);

        Assert.True(exitCode == 0, $"exit code {exitCode}{host.Diagnostics()}");
        Assert.True(stopTook < grace, $"the stop took {stopTook}, longer than the grace of {grace}");
        var rows = await data.ReadJobRowsAsync();
        var marks = await data.ReadMarksAsync();
        Assert.All(ids, id =>
        {
            var row = rows[id];
            Assert.Equal(JobState.Succeeded, row.State);
            Assert.Equal(1, row.Attempt);
            Assert.Null(row.Owner);
            Assert.DoesNotContain(History(row), h => h.State is JobState.Failed or JobState.DeadLettered || h.Reason?.Contains("Requeued", StringComparison.Ordinal) == true);
            Assert.Equal([new Mark(id, 1, "start"), new Mark(id, 1, "done")], marks.Where(m => m.JobId == id));
        });
        Assert.Equal(ids.Order(), await data.ReadCompletionsAsync());
    }

    [Fact]
    public async Task Stop_RunningJobsAreRequeuedAndRunAtOnceAfterRestart_WhenTheGraceRunsOut()
    {
        using var data = new CrashDataDirectory();
        // A lease far longer than the test's deadlines: only the release at shutdown lets B run the jobs in time.
        var lease = TimeSpan.FromSeconds(60);
        IReadOnlyList<long> ids;
        await using (var first = await CrashHostProcess.StartAsync("A", data.Path,
            "--workers", "8", "--lease", "00:01:00", "--shutdown-grace", "00:00:01", "--enqueue", $"{JobCount}", "--hold-ms", "600000"))
        {
            ids = await first.WaitForEnqueuedAsync(JobCount, Deadline);
            await WaitAllRunningAsync(data, ids, first);

            // Closing stdin is the host's other graceful stop (SIGTERM is the first test's).
            await first.StopAsync();
            Assert.True(first.ExitCode == 0, $"exit code {first.ExitCode}{first.Diagnostics()}");
        }

        var rows = await data.ReadJobRowsAsync();
        Assert.All(ids, id =>
        {
            var row = rows[id];
            Assert.Equal(JobState.Enqueued, row.State);
            Assert.Null(row.Owner);
            var history = History(row);
            Assert.DoesNotContain(history, h => h.State is JobState.Failed or JobState.DeadLettered);
            Assert.Contains("Requeued", history[^1].Reason ?? "", StringComparison.Ordinal);
        });
        Assert.Empty(await data.ReadCompletionsAsync());
        Assert.DoesNotContain(await data.ReadMarksAsync(), m => m.Event == "done");

        var restarted = TimeProvider.System.GetTimestamp();
        await using (var second = await CrashHostProcess.StartAsync("B", data.Path, "--workers", "8", "--lease", "00:01:00"))
        {
            await CrashDataDirectory.WaitUntilAsync(() => data.ReadJobStatesAsync("mark"), states => ids.All(id => states[id] == JobState.Succeeded), Deadline,
                states => $"{ids.Count(id => states[id] != JobState.Succeeded)} jobs not succeeded in B{second.Diagnostics()}");
            var took = TimeProvider.System.GetElapsedTime(restarted);
            Assert.True(took < lease / 3, $"B took {took} to finish the requeued jobs; a released job should not wait for the {lease} lease.");
            await second.StopAsync();
        }

        rows = await data.ReadJobRowsAsync();
        Assert.All(ids, id =>
        {
            Assert.Equal(JobState.Succeeded, rows[id].State);
            Assert.Equal(2, rows[id].Attempt);
            Assert.DoesNotContain(History(rows[id]), h => h.State is JobState.Failed or JobState.DeadLettered);
        });
        Assert.Equal(ids.Order(), await data.ReadCompletionsAsync());
    }

    private static IReadOnlyList<JobHistoryEntry> History(JobRow row) => JsonFragments.ParseHistory(row.History);

    /// <summary>Waits until every job's handler started and its Processing state is stored: the stop then catches them all running.</summary>
    private static async Task WaitAllRunningAsync(CrashDataDirectory data, IReadOnlyList<long> ids, CrashHostProcess host)
    {
        await CrashDataDirectory.WaitUntilAsync(data.ReadMarksAsync, marks => ids.All(id => marks.Contains(new Mark(id, 1, "start"))), Deadline,
            marks => $"{marks.Count} marks, not every job started{host.Diagnostics()}");
        await CrashDataDirectory.WaitUntilAsync(() => data.ReadJobStatesAsync("mark"), states => ids.All(id => states[id] == JobState.Processing), Deadline,
            states => $"states {string.Join(", ", states.Values)}{host.Diagnostics()}");
        Assert.DoesNotContain(await data.ReadMarksAsync(), m => m.Event == "done");
    }
}
