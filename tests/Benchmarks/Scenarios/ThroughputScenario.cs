using System.Diagnostics;
using Jobs.Benchmarks.Infrastructure;
using Jobs.Benchmarks.Systems;

namespace Jobs.Benchmarks.Scenarios;

/// <summary>
/// <c>throughput</c>: no-op jobs enqueued by concurrent producers while the workers run, timed from the
/// first enqueue to the moment the store records the last one as succeeded.
/// </summary>
/// <remarks>
/// The clock stops on the store's own succeeded count, not on the handler's last call, so a system gets no
/// credit for completions it has not yet written. Hangfire.Storage.SQLite is given fewer jobs
/// (<c>--sqlite-peer-jobs</c>): at its 100 ms poll it runs around a hundred jobs a second, and a 50,000-job
/// round would take many minutes without changing the rate.
/// </remarks>
internal sealed class ThroughputScenario : IScenario
{
    private readonly int _jobs;
    private readonly int _workers;
    private readonly int _producers;
    private readonly int _rounds;
    private readonly int _sqlitePeerJobs;
    private readonly int _warmupJobs;
    private readonly int _warmupRounds;
    private readonly int _warmupSeconds;
    private readonly string _only;

    public ThroughputScenario(BenchArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        _jobs = args.Int("jobs", 50_000);
        _workers = args.Int("workers", 8, 1, 1024);
        _producers = args.Int("producers", 16, 1, 1024);
        _rounds = args.Int("rounds", 5, 1, 100);
        _sqlitePeerJobs = args.Int("sqlite-peer-jobs", 2_000);
        _warmupJobs = args.Int("warmup-jobs", 50_000);
        _warmupRounds = args.Int("warmup-rounds", 3, 1, 100);
        _warmupSeconds = args.Int("warmup-seconds", 10, 0, 600);
        _only = args.Choice("only", "all", "all", "ours", "ours-inmemory", "raw");
    }

    public async Task RunAsync(Report report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var medians = new Dictionary<string, double>();
        string[] systems = _only switch
        {
            "ours" => [JobSystems.Ours],
            "ours-inmemory" => [JobSystems.Ours, JobSystems.HangfireInMemory],
            "raw" => [],
            _ => [JobSystems.Ours, JobSystems.HangfireInMemory, JobSystems.HangfireSqlite],
        };
        foreach (var key in systems)
        {
            var jobs = key == JobSystems.HangfireSqlite ? Math.Min(_jobs, _sqlitePeerJobs) : _jobs;
            var warmup = key == JobSystems.HangfireSqlite ? Math.Max(50, jobs / 10) : Math.Min(_warmupJobs, jobs);
            // Each round starts a fresh host, whose start-up JIT delays tier-1 code for the hot paths: the first round after a
            // short warm-up ran at about half the steady rate, for every system alike. Full-size warm-up rounds get past that.
            // Tiered PGO keeps promoting hot methods for several seconds (each new host's start-up JIT postpones it), so the
            // warm-up runs at least --warmup-rounds rounds and at least --warmup-seconds.
            var warmupStart = Stopwatch.GetTimestamp();
            for (var w = 1; w <= _warmupRounds || Drive.SecondsSince(warmupStart) < _warmupSeconds; w++)
            {
                Progress.Line($"{key}: warm-up round {w} ({warmup} jobs)");
                await RoundAsync(key, warmup, cancellationToken);
            }

            var rates = new List<double>();
            var lags = new List<double>();
            for (var r = 0; r < _rounds; r++)
            {
                var (seconds, lagMs) = await RoundAsync(key, jobs, cancellationToken);
                rates.Add(jobs / seconds);
                lags.Add(lagMs);
                Progress.Line($"{key}: round {r + 1}/{_rounds}: {jobs / seconds:N0} jobs/s");
            }

            var summary = Stats.Summarize(rates);
            medians[key] = summary.Median;
            report.Add(key, JobSystems.DisplayName(key), "jobsPerSecond", summary, "jobs/s", $"{jobs:N0} jobs/round");
            report.Add(key, JobSystems.DisplayName(key), "succeededLagMs", Stats.Summarize(lags), "ms", "last handler run -> store shows all succeeded");
            report.AddValue(key, "jobs", jobs);
        }

        if (_only is "ours" or "ours-inmemory")
        {
            report.Note($"--only {_only}: the other systems and the raw limit were not run.");
            if (_only == "ours-inmemory")
            {
                report.Figure("ratioVsHangfireInMemory", medians[JobSystems.Ours] / medians[JobSystems.HangfireInMemory], "ours / Hangfire.InMemory, medians; target >= 2");
            }

            return;
        }

        var rawJobs = _jobs;
        Progress.Line($"{JobSystems.RawLimit}: warm-up");
        await RawRoundAsync(Math.Min(_warmupJobs, rawJobs), cancellationToken);
        var rawRates = new List<double>();
        for (var r = 0; r < _rounds; r++)
        {
            rawRates.Add(rawJobs / (await RawRoundAsync(rawJobs, cancellationToken)).TotalSeconds);
        }

        var raw = Stats.Summarize(rawRates);
        medians[JobSystems.RawLimit] = raw.Median;
        report.Add(JobSystems.RawLimit, JobSystems.DisplayName(JobSystems.RawLimit), "jobsPerSecond", raw, "jobs/s", "insert/claim/succeed, 1000 per transaction");
        report.AddValue(JobSystems.RawLimit, "jobs", rawJobs);

        if (_only == "raw")
        {
            return;
        }

        var ours = medians[JobSystems.Ours];
        report.Figure("ratioVsHangfireInMemory", ours / medians[JobSystems.HangfireInMemory], "ours / Hangfire.InMemory, medians; target >= 2");
        report.Figure("ratioVsHangfireSqlite", ours / medians[JobSystems.HangfireSqlite], "ours / Hangfire.Storage.SQLite, medians; target >= 100");
        report.Figure("fractionOfRawLimit", ours / medians[JobSystems.RawLimit], "ours / raw SQLite lifecycle, medians; target >= 0.5");
        report.Note($"Hangfire.Storage.SQLite ran {Math.Min(_jobs, _sqlitePeerJobs):N0} jobs per round (--sqlite-peer-jobs), the others {_jobs:N0}; "
            + $"{_workers} workers, {_producers} producer tasks, {_rounds} rounds after at least {_warmupRounds} warm-up rounds and {_warmupSeconds} s of warm-up each, fresh data directory per round.");
    }

    /// <summary>One round on a fresh directory: returns seconds from first enqueue to all succeeded, and the store's lag behind the handlers.</summary>
    private async Task<(double Seconds, double LagMs)> RoundAsync(string key, int jobs, CancellationToken cancellationToken)
    {
        using var directory = new TempDirectory(key);
        var probe = new JobProbe(jobs);
        await using var system = JobSystems.Create(key, new SystemOptions(directory.FullName, _workers, RunWorkers: true, probe));
        using var deadline = Drive.Deadline(Drive.LimitFor(jobs), cancellationToken);
        await system.StartAsync(deadline.Token);
        Drive.Settle();
        var start = Stopwatch.GetTimestamp();
        await Drive.ProduceAsync(system, jobs, _producers, withSeq: false, deadline.Token);
        await probe.AllRan.WaitAsync(deadline.Token);
        var ran = Stopwatch.GetTimestamp();
        await Drive.UntilAsync(async ct => await system.CountSucceededAsync(ct) >= jobs, deadline.Token);
        var seconds = Drive.SecondsSince(start);
        var lagMs = Stopwatch.GetElapsedTime(ran).TotalMilliseconds;
        await system.StopAsync(deadline.Token);
        return (seconds, lagMs);
    }

    private static async Task<TimeSpan> RawRoundAsync(int jobs, CancellationToken cancellationToken)
    {
        using var directory = new TempDirectory(JobSystems.RawLimit);
        Drive.Settle();
        return await RawSqliteLifecycle.RunAsync(directory.FullName, jobs, cancellationToken);
    }
}
