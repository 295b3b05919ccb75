using System.Diagnostics;
using Jobs.Benchmarks.Infrastructure;
using Jobs.Benchmarks.Systems;
using Jobs.Client;
using Jobs.Configuration;
using Jobs.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Jobs.Benchmarks.Scenarios;

/// <summary>
/// <c>scale</c>: a store holding a million finished and waiting jobs. Measures enqueue throughput against the
/// empty-store figure, the p95 of the dashboard's queries, the time to start the engine, the rate at which
/// the workers drain waiting jobs, and the process's peak memory. Ours only: it is our store's behaviour at size.
/// </summary>
/// <remarks>
/// Rows are written by <see cref="StoreFiller"/> (SQL into the engine's own tables) rather than enqueued, which
/// would take minutes. Enqueue rates are client-only (<c>JobEngine:RunWorkers=false</c>), as in the enqueue
/// scenario, so the two figures compare like with like. The filled store is reused across rounds (filling it
/// three times would triple the run); each enqueue round adds its jobs on top.
/// Peak memory is reset (Linux <c>/proc/self/clear_refs</c>) after the fill, so it is the engine's, not the filler's.
/// </remarks>
internal sealed class ScaleScenario : IScenario
{
    private readonly int _jobs;
    private readonly int _enqueueJobs;
    private readonly int _producers;
    private readonly int _rounds;
    private readonly int _queryRuns;
    private readonly int _drainJobs;

    public ScaleScenario(BenchArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        _jobs = args.Int("jobs", 1_000_000);
        _enqueueJobs = args.Int("enqueue-jobs", 50_000);
        _producers = args.Int("producers", 16, 1, 1024);
        _rounds = args.Int("rounds", 3, 1, 100);
        _queryRuns = args.Int("query-runs", 200, 1, 100_000);
        _drainJobs = args.Int("drain-jobs", 50_000, 0);
    }

    public async Task RunAsync(Report report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var key = JobSystems.Ours;
        var name = JobSystems.DisplayName(key);

        Progress.Line("ours: empty-store enqueue (warm-up, then rounds)");
        await EnqueueScenario.MeasureAsync(key, Math.Min(5_000, _enqueueJobs), _producers, cancellationToken);
        var empty = new List<double>();
        for (var r = 0; r < _rounds; r++)
        {
            empty.Add(await EnqueueScenario.MeasureAsync(key, _enqueueJobs, _producers, cancellationToken));
        }

        using var directory = new TempDirectory("scale");
        var fillStart = Stopwatch.GetTimestamp();
        var dbPath = await CreateSchemaAsync(directory.FullName, cancellationToken);
        Progress.Line($"ours: filling the store with {_jobs:N0} jobs");
        var waiting = await StoreFiller.FillAsync(dbPath, _jobs, cancellationToken);
        var fillSeconds = Drive.SecondsSince(fillStart);
        var dbMiB = new FileInfo(dbPath).Length / (1024.0 * 1024);
        Progress.Line($"ours: filled in {fillSeconds:0.0} s ({dbMiB:N0} MiB)");
        Drive.Settle();
        var peakReset = ResetPeakMemory();

        // Client-only engine on the full store: start time, enqueue rounds, queries.
        var full = new List<double>();
        double startSeconds;
        Dictionary<string, QueryTimes> queries;
        await using (var system = new JobsEngineSystem(new SystemOptions(directory.FullName, 1, RunWorkers: false, new JobProbe(1))))
        {
            var startAt = Stopwatch.GetTimestamp();
            await system.StartAsync(cancellationToken);
            startSeconds = Drive.SecondsSince(startAt);
            Progress.Line("ours: dashboard queries");
            queries = await MeasureQueriesAsync(system.Services.GetRequiredService<IJobQueries>(), cancellationToken);
            await EnqueueScenario.MeasureOnAsync(system, Math.Min(1_000, _enqueueJobs), _producers, cancellationToken); // same warm-up as an empty-store round
            for (var r = 0; r < _rounds; r++)
            {
                full.Add(await EnqueueScenario.MeasureOnAsync(system, _enqueueJobs, _producers, cancellationToken));
                Progress.Line($"ours: enqueue round {r + 1}/{_rounds} on the full store: {full[^1]:N0} jobs/s (empty store: {empty[r]:N0})");
            }

            await system.StopAsync(cancellationToken);
        }

        // Workers on the full store: how fast do waiting jobs run when a million rows sit beside them?
        double? drainRate = null;
        var drain = (int)Math.Min(_drainJobs, waiting);
        if (drain > 0)
        {
            Progress.Line($"ours: workers draining {drain:N0} of {waiting:N0} waiting jobs");
            var probe = new JobProbe(drain);
            await using var system = new JobsEngineSystem(new SystemOptions(directory.FullName, 8, RunWorkers: true, probe), engine =>
            {
                foreach (var type in StoreFiller.Types)
                {
                    engine.AddHandler<NoopHandler>(type);
                }
            });
            using var deadline = Drive.Deadline(Drive.LimitFor(drain), cancellationToken);
            var startAt = Stopwatch.GetTimestamp();
            await system.StartAsync(deadline.Token);
            await probe.AllRan.WaitAsync(deadline.Token);
            drainRate = drain / Drive.SecondsSince(startAt);
            await system.StopAsync(deadline.Token);
        }

        var peakMiB = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024);
        var emptySummary = Stats.Summarize(empty);
        var fullSummary = Stats.Summarize(full);
        report.Add(key, name, "enqueueEmptyJobsPerSecond", emptySummary, "jobs/s", $"{_enqueueJobs:N0} jobs/round, fresh store");
        report.Add(key, name, "enqueueFullJobsPerSecond", fullSummary, "jobs/s", $"{_enqueueJobs:N0} jobs/round, {_jobs:N0} stored");
        foreach (var (query, times) in queries)
        {
            report.Add(key, name, $"{query}P95Ms", Stats.Summarize([times.P95]), "ms", $"p50 {times.P50:0.00}, max {times.Max:0.00} ({times.Runs} runs)");
        }

        report.AddValue(key, "storedJobs", _jobs);
        report.AddValue(key, "waitingJobs", waiting);
        report.AddValue(key, "fillSeconds", Report.Round(fillSeconds));
        report.AddValue(key, "databaseMiB", Report.Round(dbMiB));
        report.AddValue(key, "engineStartSeconds", Report.Round(startSeconds));
        report.AddValue(key, "drainJobsPerSecond", drainRate is { } d ? Report.Round(d) : null);

        var ratio = fullSummary.Median / emptySummary.Median;
        report.Figure("enqueueRatioVsEmpty", ratio, "full-store / empty-store enqueue, medians; target >= 0.8");
        report.Figure("worstQueryP95Ms", queries.Values.Max(q => q.P95), "slowest dashboard query's p95; target < 50 ms");
        foreach (var (query, times) in queries)
        {
            report.FigureValue($"{query}P95Ms", Report.Round(times.P95));
        }

        report.Figure("peakMemoryMB", peakMiB, peakReset ? "peak working set (MiB) after the fill; target < 400" : "peak working set (MiB) of the whole run, fill included; target < 400");
        report.Figure("engineStartSeconds", startSeconds, "engine start on the full store");
        if (drainRate is { } rate)
        {
            report.Figure("drainJobsPerSecond", rate, $"8 workers running {drain:N0} waiting no-op jobs from the full store, start included");
        }

        report.Note($"Store: {_jobs:N0} jobs ({waiting:N0} enqueued, the rest mostly finished), filled by SQL in {fillSeconds:0.0} s, {dbMiB:N0} MiB. "
            + $"Queries: {_queryRuns} runs each after 5 warm-up runs, through IJobQueries (pages of 50). Ours only.");
    }

    private sealed record QueryTimes(double P50, double P95, double Max, int Runs);

    /// <summary>Lets the engine create its schema (migrations) in <paramref name="directory"/>, then stops it.</summary>
    private static async Task<string> CreateSchemaAsync(string directory, CancellationToken cancellationToken)
    {
        await using var system = new JobsEngineSystem(new SystemOptions(directory, 1, RunWorkers: false, new JobProbe(1)));
        await system.StartAsync(cancellationToken);
        var path = system.Services.GetRequiredService<IOptions<StorageOptions>>().Value.ResolveDatabasePath();
        await system.StopAsync(cancellationToken);
        return path;
    }

    /// <summary>The dashboard's queries: a page of 50 by state (each state a dashboard tab shows), by type, by tag, and the counts.</summary>
    private async Task<Dictionary<string, QueryTimes>> MeasureQueriesAsync(IJobQueries queries, CancellationToken cancellationToken)
    {
        var cases = new (string Name, Func<Task> Run)[]
        {
            ("listSucceeded", () => queries.ListAsync(new JobFilter { State = JobState.Succeeded }, limit: 50, cancellationToken: cancellationToken)),
            ("listEnqueued", () => queries.ListAsync(new JobFilter { State = JobState.Enqueued }, limit: 50, cancellationToken: cancellationToken)),
            ("listDeadLettered", () => queries.ListAsync(new JobFilter { State = JobState.DeadLettered }, limit: 50, cancellationToken: cancellationToken)),
            ("listProcessing", () => queries.ListAsync(new JobFilter { State = JobState.Processing }, limit: 50, cancellationToken: cancellationToken)),
            ("listByType", () => queries.ListAsync(new JobFilter { Type = "etl" }, limit: 50, cancellationToken: cancellationToken)),
            ("listByTag", () => queries.ListAsync(new JobFilter { Tag = "tenant-42" }, limit: 50, cancellationToken: cancellationToken)),
            ("listByStateAndType", () => queries.ListAsync(new JobFilter { State = JobState.DeadLettered, Type = "etl" }, limit: 50, cancellationToken: cancellationToken)),
            ("listAll", () => queries.ListAsync(new JobFilter(), limit: 50, cancellationToken: cancellationToken)),
            ("countByState", () => queries.CountByStateAsync(cancellationToken)),
        };
        var result = new Dictionary<string, QueryTimes>();
        foreach (var (queryName, run) in cases)
        {
            for (var i = 0; i < 5; i++)
            {
                await run();
            }

            // Up to --query-runs runs, but no more than 20 s on one query (a slow one still gets 5+ samples).
            var times = new List<double>();
            var budget = Stopwatch.GetTimestamp();
            while (times.Count < _queryRuns && (times.Count < 5 || Drive.SecondsSince(budget) < 20))
            {
                var t = Stopwatch.GetTimestamp();
                await run();
                times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }

            times.Sort();
            result[queryName] = new QueryTimes(Stats.PercentileOfSorted(times, 50), Stats.PercentileOfSorted(times, 95), times[^1], times.Count);
            Progress.Line($"ours: {queryName}: p95 {result[queryName].P95:0.00} ms");
        }

        return result;
    }

    /// <summary>Resets the kernel's peak-RSS mark (Linux), so the peak read later excludes the filler's page cache.</summary>
    private static bool ResetPeakMemory()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }
    }
}
