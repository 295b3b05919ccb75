using System.Globalization;
using Jobs.Model;
using Jobs.Tests.Fakes;

namespace Jobs.Tests.Processing;

/// <summary>
/// The kill test of issue 4: a child process running 10,000 jobs is killed with SIGKILL three times at random
/// points and restarted on the same data; every job completes, none is lost, and only jobs that were in flight
/// at a kill run again.
/// </summary>
/// <remarks>
/// The kill points are random but seeded: the seed is printed, and <c>JOBS_KILL_TEST_SEED</c> replays a run.
/// Each kill comes after a random number of completions, one in each third of 10%..80% of the jobs.
/// </remarks>
[Collection(CrashSafetyCollection.Name)]
public sealed class KillTests
{
    private const int JobCount = 10_000;
    private const int Kills = 3;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly string[] Host = ["--workers", "8", "--lease", "00:00:01"];

    [Fact]
    public async Task Kill_NoJobIsLostAndOnlyInFlightJobsRunAgain_WhenKilledThreeTimesAtRandomPoints()
    {
        var seed = Environment.GetEnvironmentVariable("JOBS_KILL_TEST_SEED") is { Length: > 0 } given
            ? int.Parse(given, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        var random = new Random(seed);
        var targets = Enumerable.Range(0, Kills)
            .Select(i => (int)(JobCount * (0.10 + (0.70 * (i + random.NextDouble()) / Kills))))
            .ToArray();
        CrashSafetyCollection.Report($"kill test seed {seed} (JOBS_KILL_TEST_SEED replays it): kills after {string.Join("/", targets)} completions");

        using var data = new CrashDataDirectory();
        IReadOnlyList<long> enqueued = [];
        var inFlight = new List<HashSet<long>>();
        for (var run = 1; run <= Kills + 1; run++)
        {
            // Lines before this run belong to earlier, dead processes: what this run started is what follows.
            var marksBefore = (await data.ReadMarksAsync()).Count;
            string[] arguments = run == 1 ? [.. Host, "--enqueue", $"{JobCount}", "--enqueue-batch", "500"] : Host;
            await using var host = await CrashHostProcess.StartAsync($"run {run}", data.Path, arguments);
            if (run == 1)
            {
                enqueued = await host.WaitForEnqueuedAsync(JobCount, Deadline);
            }

            if (run > Kills)
            {
                await CrashDataDirectory.WaitUntilAsync(() => data.ReadJobStatesAsync("mark"),
                    states => states.Count == JobCount && states.Values.All(s => s == JobState.Succeeded), Deadline,
                    states => $"{states.Values.Count(s => s != JobState.Succeeded)} of {states.Count} jobs not succeeded after the last restart{host.Diagnostics()}");
                await host.StopAsync();
                Assert.Equal(0, host.ExitCode);
                break;
            }

            // At least a few completions in this run, so a target already passed still kills a process at work.
            var target = Math.Max(targets[run - 1], await data.CountCompletionsAsync() + 100);
            var completedAtKill = await CrashDataDirectory.WaitUntilAsync(data.CountCompletionsAsync, done => done >= target, Deadline,
                done => $"run {run} completed {done} jobs, short of {target}{host.Diagnostics()}");
            await host.KillAsync();

            // The process is gone, so its files are final. In flight = started in this run and not stored as
            // Succeeded: at-least-once allows exactly these to run again (including a job whose handler
            // finished but whose Succeeded write died with the process).
            var startedHere = (await data.ReadMarksAsync()).Skip(marksBefore).Where(m => m.Event == "start").Select(m => m.JobId).ToHashSet();
            var states = await data.ReadJobStatesAsync("mark");
            inFlight.Add([.. startedHere.Where(id => states[id] != JobState.Succeeded)]);
            Assert.True(completedAtKill < JobCount && states.Values.Any(s => s != JobState.Succeeded), $"run {run} finished every job before its kill; the kill proves nothing.");
        }

        var marks = await data.ReadMarksAsync();
        var starts = marks.Where(m => m.Event == "start").GroupBy(m => m.JobId).ToDictionary(g => g.Key, g => g.Count());
        var completions = await data.ReadCompletionsAsync();
        var finalStates = await data.ReadJobStatesAsync("mark");
        var lost = enqueued.Where(id => !completions.Contains(id) || finalStates.GetValueOrDefault(id) != JobState.Succeeded).ToList();
        var reruns = starts.Where(p => p.Value > 1).ToList();
        CrashSafetyCollection.Report(
            $"kill test: {JobCount} jobs, {Kills} kills, in flight at kills: {string.Join("/", inFlight.Select(s => s.Count))}, re-runs: {reruns.Count}, lost: {lost.Count}");

        Assert.Equal(JobCount, enqueued.Distinct().Count());
        Assert.True(lost.Count == 0, $"{lost.Count} jobs lost, e.g. {string.Join(", ", lost.Take(10))}");
        Assert.Equal(enqueued.Order(), completions);
        Assert.Equal(JobCount, finalStates.Count);
        Assert.All(enqueued, id => Assert.True(starts.ContainsKey(id), $"job {id} never started"));
        Assert.True(marks.Count(m => m.Event == "done") >= JobCount, "fewer done lines than jobs");

        // Each extra run of a job is owed to a kill that caught it in flight: never more runs than that.
        Assert.All(reruns, p =>
        {
            var caught = inFlight.Count(set => set.Contains(p.Key));
            Assert.True(p.Value - 1 <= caught, $"job {p.Key} started {p.Value} times but was in flight at {caught} kills");
        });
        Assert.True(reruns.Count <= inFlight.Sum(s => s.Count), $"{reruns.Count} re-runs, but only {inFlight.Sum(s => s.Count)} jobs were in flight at the kills.");
    }
}
