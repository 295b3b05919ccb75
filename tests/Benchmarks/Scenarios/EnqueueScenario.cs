using System.Diagnostics;
using Jobs.Benchmarks.Infrastructure;
using Jobs.Benchmarks.Systems;

namespace Jobs.Benchmarks.Scenarios;

/// <summary><c>enqueue</c>: the enqueue rate alone, with nothing running the jobs.</summary>
/// <remarks>
/// "Workers stopped" means for ours <c>JobEngine:RunWorkers=false</c> (the client-only store the CLI uses)
/// and for Hangfire a client with no <c>BackgroundJobServer</c>. Same producer tasks for every system.
/// </remarks>
internal sealed class EnqueueScenario : IScenario
{
    private readonly int _jobs;
    private readonly int _producers;
    private readonly int _rounds;
    private readonly int _sqlitePeerJobs;
    private readonly int _warmupJobs;

    public EnqueueScenario(BenchArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        _jobs = args.Int("jobs", 50_000);
        _producers = args.Int("producers", 16, 1, 1024);
        _rounds = args.Int("rounds", 3, 1, 100);
        _sqlitePeerJobs = args.Int("sqlite-peer-jobs", 2_000);
        _warmupJobs = args.Int("warmup-jobs", 5_000);
    }

    public async Task RunAsync(Report report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var medians = new Dictionary<string, double>();
        foreach (var key in new[] { JobSystems.Ours, JobSystems.HangfireInMemory, JobSystems.HangfireSqlite })
        {
            var jobs = key == JobSystems.HangfireSqlite ? Math.Min(_jobs, _sqlitePeerJobs) : _jobs;
            Progress.Line($"{key}: warm-up");
            await MeasureAsync(key, Math.Min(_warmupJobs, jobs), _producers, cancellationToken);
            var rates = new List<double>();
            for (var r = 0; r < _rounds; r++)
            {
                rates.Add(await MeasureAsync(key, jobs, _producers, cancellationToken));
                Progress.Line($"{key}: round {r + 1}/{_rounds}: {rates[^1]:N0} jobs/s");
            }

            var summary = Stats.Summarize(rates);
            medians[key] = summary.Median;
            report.Add(key, JobSystems.DisplayName(key), "jobsPerSecond", summary, "enqueues/s", $"{jobs:N0} jobs/round");
            report.AddValue(key, "jobs", jobs);
        }

        var ours = medians[JobSystems.Ours];
        report.Figure("ratioVsHangfireInMemory", ours / medians[JobSystems.HangfireInMemory], "ours / Hangfire.InMemory, medians");
        report.Figure("ratioVsHangfireSqlite", ours / medians[JobSystems.HangfireSqlite], "ours / Hangfire.Storage.SQLite, medians");
        report.Note($"Workers stopped; {_producers} producer tasks; Hangfire.Storage.SQLite enqueued {Math.Min(_jobs, _sqlitePeerJobs):N0} jobs per round (--sqlite-peer-jobs), "
            + $"the others {_jobs:N0}; {_rounds} rounds after a warm-up, fresh data directory per round.");
    }

    /// <summary>One client-only round on a fresh directory; returns enqueues per second. Also used by the scale scenario's empty-store figure.</summary>
    internal static async Task<double> MeasureAsync(string key, int jobs, int producers, CancellationToken cancellationToken)
    {
        using var directory = new TempDirectory(key);
        await using var system = JobSystems.Create(key, new SystemOptions(directory.FullName, 1, RunWorkers: false, new JobProbe(jobs)));
        using var deadline = Drive.Deadline(Drive.LimitFor(jobs), cancellationToken);
        await system.StartAsync(deadline.Token);
        // A few unmeasured enqueues first: the store's first writes (file growth, statement preparation, pool
        // threads) otherwise land in the measured ones and make a fresh store look slower than a full one.
        await MeasureOnAsync(system, Math.Min(1_000, jobs), producers, deadline.Token);
        var rate = await MeasureOnAsync(system, jobs, producers, deadline.Token);
        await system.StopAsync(deadline.Token);
        return rate;
    }

    /// <summary>Enqueues on an already started system; returns enqueues per second.</summary>
    internal static async Task<double> MeasureOnAsync(IJobSystem system, int jobs, int producers, CancellationToken cancellationToken)
    {
        Drive.Settle();
        var start = Stopwatch.GetTimestamp();
        await Drive.ProduceAsync(system, jobs, producers, withSeq: false, cancellationToken);
        return jobs / Drive.SecondsSince(start);
    }
}
