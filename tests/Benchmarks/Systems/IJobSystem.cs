namespace Jobs.Benchmarks.Systems;

/// <summary>One job system under test, driven the same way as every other: start, enqueue no-op jobs, stop.</summary>
/// <remarks>
/// A seam with three implementations (ours, Hangfire.InMemory, Hangfire.Storage.SQLite), so a scenario is
/// written once and every system meets exactly the same producer loop, probe and clock.
/// </remarks>
internal interface IJobSystem : IAsyncDisposable
{
    /// <summary>The key in the JSON report, for example <c>hangfireInMemory</c>.</summary>
    string Key { get; }

    /// <summary>What the table shows.</summary>
    string DisplayName { get; }

    /// <summary>Opens the store in <see cref="SystemOptions.DataDirectory"/> and, if asked, starts its workers.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Enqueues one no-op job; returns once the system says it is stored. <paramref name="seq"/> &gt;= 0 is handed to the probe when the job starts.</summary>
    Task EnqueueAsync(int seq, CancellationToken cancellationToken);

    /// <summary>How many jobs the store records as succeeded (its own count, not our probe's).</summary>
    Task<long> CountSucceededAsync(CancellationToken cancellationToken);

    /// <summary>Stops the workers and closes the store.</summary>
    Task StopAsync(CancellationToken cancellationToken);
}

/// <summary>How to run a system for one round.</summary>
/// <param name="DataDirectory">A fresh folder for its files.</param>
/// <param name="Workers">How many jobs run at once.</param>
/// <param name="RunWorkers">False for a client-only store (the enqueue scenario's "workers stopped").</param>
/// <param name="Probe">What the no-op job reports to.</param>
internal sealed record SystemOptions(string DataDirectory, int Workers, bool RunWorkers, JobProbe Probe);

/// <summary>The systems a scenario can run, by the key used in the JSON and on the command line.</summary>
internal static class JobSystems
{
    public const string Ours = "ours";
    public const string HangfireInMemory = "hangfireInMemory";
    public const string HangfireSqlite = "hangfireSqlite";
    public const string RawLimit = "rawLimit";

    public static IJobSystem Create(string key, SystemOptions options) => key switch
    {
        Ours => new JobsEngineSystem(options),
        HangfireInMemory => new HangfireSystem(HangfireFlavor.InMemory, options),
        HangfireSqlite => new HangfireSystem(HangfireFlavor.Sqlite, options),
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "Not a job system."),
    };

    public static string DisplayName(string key) => key switch
    {
        Ours => "Jobs (ours, SQLite)",
        HangfireInMemory => "Hangfire.InMemory",
        HangfireSqlite => "Hangfire.Storage.SQLite",
        RawLimit => "raw SQLite lifecycle",
        _ => key,
    };
}
