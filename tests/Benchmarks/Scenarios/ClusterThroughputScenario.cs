using System.Diagnostics;
using System.Globalization;
using Jobs.Benchmarks.Infrastructure;
using Jobs.Benchmarks.Systems;
using Npgsql;

namespace Jobs.Benchmarks.Scenarios;

/// <summary>
/// <c>throughput --provider postgres --nodes N</c>: no-op jobs through our engine on PostgreSQL with 1, 2, … N worker nodes
/// sharing one database, timed from the first enqueue until the store records the last one as succeeded.
/// </summary>
/// <remarks>
/// Each node is a separate engine host (its own store writer, claimer, lease keeper and node identity), in this process so
/// one machine's run needs no process orchestration; an extra host without workers is the producer, so every job is
/// claimed by a node through <c>FOR UPDATE SKIP LOCKED</c> after a <c>NOTIFY</c>, the multi-node path. A fresh database per
/// round, on a throwaway cluster with <c>fsync</c> on unless <c>JOBS_BENCH_POSTGRES</c> names a server.
/// </remarks>
internal sealed class ClusterThroughputScenario : IScenario
{
    private readonly int _jobs;
    private readonly int _workers;
    private readonly int _producers;
    private readonly int _rounds;
    private readonly int _nodes;
    private readonly int _warmupJobs;

    public ClusterThroughputScenario(BenchArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        _jobs = args.Int("jobs", 20_000);
        _workers = args.Int("workers", 8, 1, 1024);
        // Each enqueue waits for an fsync'd commit on PostgreSQL: it takes many concurrent producers (web requests) to keep nodes busy.
        _producers = args.Int("producers", 128, 1, 1024);
        _rounds = args.Int("rounds", 1, 1, 100);
        _nodes = args.Int("nodes", 3, 1, 16);
        _warmupJobs = args.Int("warmup-jobs", 2_000);
    }

    public async Task RunAsync(Report report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        await using var server = await ThrowawayPostgres.StartAsync(cancellationToken);
        Progress.Line($"warm-up ({_warmupJobs} jobs, 1 node)");
        await RoundAsync(server, 1, _warmupJobs, cancellationToken);
        var medians = new Dictionary<int, double>();
        for (var n = 1; n <= _nodes; n++)
        {
            var rates = new List<double>();
            for (var r = 0; r < _rounds; r++)
            {
                var seconds = await RoundAsync(server, n, _jobs, cancellationToken);
                rates.Add(_jobs / seconds);
                Progress.Line($"{n} node(s): round {r + 1}/{_rounds}: {_jobs / seconds:N0} jobs/s");
            }

            var summary = Stats.Summarize(rates);
            medians[n] = summary.Median;
            var key = string.Create(CultureInfo.InvariantCulture, $"postgres-{n}-nodes");
            report.Add(key, string.Create(CultureInfo.InvariantCulture, $"Jobs on PostgreSQL, {n} node(s) x {_workers} workers"), "jobsPerSecond", summary, "jobs/s", $"{_jobs:N0} jobs/round");
            report.AddValue(key, "nodes", n);
        }

        report.Figure("scalingLastVsOneNode", medians[_nodes] / medians[1], string.Create(CultureInfo.InvariantCulture, $"{_nodes} nodes / 1 node, medians (all nodes share this machine's cores)"));
        report.Note($"PostgreSQL ({(Environment.GetEnvironmentVariable(ThrowawayPostgres.Variable) is { Length: > 0 } ? "JOBS_BENCH_POSTGRES" : "throwaway cluster, fsync on")}); "
            + $"{_producers} producer tasks in a host without workers; nodes are engine hosts in this process; fresh database per round.");
    }

    /// <summary>One round on a fresh database: seconds from the first enqueue until the store shows all succeeded.</summary>
    private async Task<double> RoundAsync(ThrowawayPostgres server, int nodes, int jobs, CancellationToken cancellationToken)
    {
        var database = "bench_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(server.ConnectionString, $"CREATE DATABASE {database}", cancellationToken);
        var connectionString = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = database }.ToString();
        var probe = new JobProbe(jobs);
        using var directory = new TempDirectory("postgres");
        var hosts = new List<JobsEngineSystem>();
        try
        {
            using var deadline = Drive.Deadline(Drive.LimitFor(jobs), cancellationToken);
            // The producer first: it migrates the database before any node starts.
            var producer = Host(hosts, directory.FullName, connectionString, "producer", runWorkers: false, probe);
            await producer.StartAsync(deadline.Token);
            for (var i = 0; i < nodes; i++)
            {
                await Host(hosts, directory.FullName, connectionString, $"node-{i + 1}", runWorkers: true, probe).StartAsync(deadline.Token);
            }

            Drive.Settle();
            var start = Stopwatch.GetTimestamp();
            await Drive.ProduceAsync(producer, jobs, _producers, withSeq: false, deadline.Token);
            await probe.AllRan.WaitAsync(deadline.Token);
            await Drive.UntilAsync(async ct => await producer.CountSucceededAsync(ct) >= jobs, deadline.Token);
            var seconds = Drive.SecondsSince(start);
            foreach (var host in hosts)
            {
                await host.StopAsync(deadline.Token);
            }

            return seconds;
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }

            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server.ConnectionString, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)", CancellationToken.None);
        }
    }

    private JobsEngineSystem Host(List<JobsEngineSystem> hosts, string directory, string connectionString, string name, bool runWorkers, JobProbe probe)
    {
        var host = new JobsEngineSystem(new SystemOptions(directory, _workers, runWorkers, probe), extraSettings: new Dictionary<string, string?>
        {
            ["ConnectionStrings:Jobs"] = connectionString,
            ["JobEngine:NodeName"] = name,
        });
        hosts.Add(host);
        return host;
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
