using System.Diagnostics;
using Jobs.Benchmarks.Infrastructure;
using Jobs.Benchmarks.Systems;

namespace Jobs.Benchmarks.Scenarios;

/// <summary><c>latency</c>: open-loop load at a fixed rate; the time from an enqueue call returning to its handler starting.</summary>
/// <remarks>
/// Open loop: job i is due at <c>t0 + i / rate</c> on the <see cref="Stopwatch"/>, and is sent then whether or
/// not earlier calls returned, so a slow system can't slow the load down and hide its own queueing (the
/// "coordinated omission" a fixed delay between calls would cause). A handler that starts before its
/// enqueue call has returned counts as 0 ms (it can happen: the job is handed to a local worker right at commit).
/// </remarks>
internal sealed class LatencyScenario : IScenario
{
    private readonly int _rate;
    private readonly int _jobs;
    private readonly int _workers;
    private readonly int _rounds;
    private readonly int _sqlitePeerJobs;
    private readonly int _warmupJobs;

    public LatencyScenario(BenchArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        _rate = args.Int("rate", 200, 1, 100_000);
        _jobs = args.Int("jobs", 2_000);
        _workers = args.Int("workers", 8, 1, 1024);
        _rounds = args.Int("rounds", 3, 1, 100);
        _sqlitePeerJobs = args.Int("sqlite-peer-jobs", 1_000);
        _warmupJobs = args.Int("warmup-jobs", 200);
    }

    public async Task RunAsync(Report report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var p50 = new Dictionary<string, double>();
        foreach (var key in new[] { JobSystems.Ours, JobSystems.HangfireInMemory, JobSystems.HangfireSqlite })
        {
            var jobs = key == JobSystems.HangfireSqlite ? Math.Min(_jobs, _sqlitePeerJobs) : _jobs;
            Progress.Line($"{key}: warm-up");
            await RoundAsync(key, Math.Min(_warmupJobs, jobs), cancellationToken);
            var rounds = new List<RoundResult>();
            for (var r = 0; r < _rounds; r++)
            {
                rounds.Add(await RoundAsync(key, jobs, cancellationToken));
                Progress.Line($"{key}: round {r + 1}/{_rounds}: p50 {rounds[^1].P50:0.000} ms, p99 {rounds[^1].P99:0.000} ms, max {rounds[^1].Max:0.0} ms");
            }

            var name = JobSystems.DisplayName(key);
            var note = $"{jobs:N0} jobs/round at {_rate}/s";
            var median50 = Stats.Summarize([.. rounds.Select(r => r.P50)]);
            p50[key] = median50.Median;
            report.Add(key, name, "p50Ms", median50, "ms", note);
            report.Add(key, name, "p90Ms", Stats.Summarize([.. rounds.Select(r => r.P90)]), "ms");
            report.Add(key, name, "p99Ms", Stats.Summarize([.. rounds.Select(r => r.P99)]), "ms");
            report.Add(key, name, "maxMs", Stats.Summarize([.. rounds.Select(r => r.Max)]), "ms");
            report.Add(key, name, "callToStartP50Ms", Stats.Summarize([.. rounds.Select(r => r.CallP50)]), "ms", "enqueue called -> handler start (the enqueue's own time included)");
            report.Add(key, name, "callToStartP99Ms", Stats.Summarize([.. rounds.Select(r => r.CallP99)]), "ms");
            report.Add(key, name, "sendLagMaxMs", Stats.Summarize([.. rounds.Select(r => r.SendLagMax)]), "ms", "how late the load generator sent a job (should be small)");
            report.AddValue(key, "jobs", jobs);
            report.AddValue(key, "startedBeforeEnqueueReturned", rounds.Sum(r => r.StartedBeforeReturn));
        }

        report.Figure("p50RatioVsHangfireInMemory", p50[JobSystems.Ours] / p50[JobSystems.HangfireInMemory], "ours p50 / Hangfire.InMemory p50; target <= 1");
        report.Note("Ours starts a plain job before its insert commits (JobEngine:EarlyStart), so its handlers start before the enqueue returns "
            + "and enqueue-returned -> start is 0 (clamped); callToStart times the whole path from the enqueue call, for every system.");
        report.Note($"Open loop at {_rate} jobs/s, {_workers} workers; Hangfire.Storage.SQLite ran {Math.Min(_jobs, _sqlitePeerJobs):N0} jobs per round (--sqlite-peer-jobs), "
            + $"the others {_jobs:N0}; percentiles per round (nearest rank), then median/min/max over {_rounds} rounds.");
    }

    private sealed record RoundResult(double P50, double P90, double P99, double Max, double SendLagMax, int StartedBeforeReturn, double CallP50, double CallP99);

    private async Task<RoundResult> RoundAsync(string key, int jobs, CancellationToken cancellationToken)
    {
        using var directory = new TempDirectory(key);
        var probe = new JobProbe(jobs, recordStarts: true);
        await using var system = JobSystems.Create(key, new SystemOptions(directory.FullName, _workers, RunWorkers: true, probe));
        using var deadline = Drive.Deadline(Drive.LimitFor(jobs) + TimeSpan.FromSeconds(jobs / (double)_rate), cancellationToken);
        await system.StartAsync(deadline.Token);
        Drive.Settle();

        var returned = new long[jobs];
        var called = new long[jobs];
        var sends = new Task[jobs];
        var interval = (double)Stopwatch.Frequency / _rate;
        var sendLagMax = 0L;
        var t0 = Stopwatch.GetTimestamp();
        for (var i = 0; i < jobs; i++)
        {
            var due = t0 + (long)(i * interval);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, TimeProvider.System, deadline.Token);
            }

            sendLagMax = Math.Max(sendLagMax, Stopwatch.GetTimestamp() - due);
            // On the pool, so a synchronous client (Hangfire's) can't hold up the next send.
            var seq = i;
            sends[i] = Task.Run(() => SendAsync(system, seq, called, returned, deadline.Token), deadline.Token);
        }

        await Task.WhenAll(sends);
        await probe.AllRan.WaitAsync(deadline.Token);
        await system.StopAsync(deadline.Token);

        var early = 0;
        var latencies = new double[jobs];
        for (var i = 0; i < jobs; i++)
        {
            var ticks = probe.Starts[i] - returned[i];
            if (ticks < 0)
            {
                early++;
                ticks = 0;
            }

            latencies[i] = ticks * 1000.0 / Stopwatch.Frequency;
        }

        Array.Sort(latencies);
        var fromCall = new double[jobs];
        for (var i = 0; i < jobs; i++)
        {
            fromCall[i] = Math.Max(0, probe.Starts[i] - called[i]) * 1000.0 / Stopwatch.Frequency;
        }

        Array.Sort(fromCall);
        return new RoundResult(Stats.PercentileOfSorted(latencies, 50), Stats.PercentileOfSorted(latencies, 90), Stats.PercentileOfSorted(latencies, 99),
            latencies[^1], sendLagMax * 1000.0 / Stopwatch.Frequency, early, Stats.PercentileOfSorted(fromCall, 50), Stats.PercentileOfSorted(fromCall, 99));
    }

    /// <summary>One enqueue, stamped when it is called and the moment its call returns.</summary>
    private static async Task SendAsync(IJobSystem system, int seq, long[] called, long[] returned, CancellationToken cancellationToken)
    {
        called[seq] = Stopwatch.GetTimestamp();
        await system.EnqueueAsync(seq, cancellationToken);
        returned[seq] = Stopwatch.GetTimestamp();
    }
}
