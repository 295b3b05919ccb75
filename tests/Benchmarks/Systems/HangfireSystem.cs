using Hangfire;
using Hangfire.InMemory;
using Hangfire.Storage.SQLite;

namespace Jobs.Benchmarks.Systems;

/// <summary>Which Hangfire storage.</summary>
internal enum HangfireFlavor
{
    /// <summary>Hangfire.InMemory: not durable, the fastest Hangfire there is.</summary>
    InMemory,
    /// <summary>Hangfire.Storage.SQLite: the durable single-file peer.</summary>
    Sqlite,
}

/// <summary>The no-op job Hangfire runs; an instance made by <see cref="ProbeActivator"/>, so it reaches the probe without static state.</summary>
internal sealed class HangfireNoopJob(JobProbe probe)
{
    /// <summary>The throughput job: no arguments, like <c>Enqueue(() => Noop.Run())</c>.</summary>
    public void Run() => probe.OnRun(-1);

    /// <summary>The latency job: carries its sequence number.</summary>
    public void RunSeq(int seq) => probe.OnRun(seq);
}

/// <summary>Hands Hangfire's workers a job instance bound to this round's probe.</summary>
internal sealed class ProbeActivator(JobProbe probe) : JobActivator
{
    public override object ActivateJob(Type jobType) =>
        jobType == typeof(HangfireNoopJob) ? new HangfireNoopJob(probe) : base.ActivateJob(jobType);
}

/// <summary>Hangfire 1.8 with the storage a user would pick instead of ours, set up as its docs say.</summary>
/// <remarks>
/// Every option is Hangfire's default except <c>WorkerCount</c> (= our workers) and, for SQLite,
/// <c>QueuePollInterval</c> = 100 ms: its default polling would make it look ten times slower than it can be.
/// The client and server get the storage passed in, so nothing touches <c>JobStorage.Current</c>.
/// </remarks>
internal sealed class HangfireSystem(HangfireFlavor flavor, SystemOptions options) : IJobSystem
{
    private JobStorage? _storage;
    private BackgroundJobClient? _client;
    private BackgroundJobServer? _server;

    public string Key => flavor == HangfireFlavor.InMemory ? JobSystems.HangfireInMemory : JobSystems.HangfireSqlite;

    public string DisplayName => JobSystems.DisplayName(Key);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _storage = flavor == HangfireFlavor.InMemory
            ? new InMemoryStorage()
            : new SQLiteStorage(Path.Combine(options.DataDirectory, "hangfire.db"),
                new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromMilliseconds(100) });
        _client = new BackgroundJobClient(_storage);
        if (options.RunWorkers)
        {
            _server = new BackgroundJobServer(
                new BackgroundJobServerOptions { WorkerCount = options.Workers, Activator = new ProbeActivator(options.Probe) },
                _storage);
        }

        return Task.CompletedTask;
    }

    /// <summary>Hangfire's client is synchronous; the call returns once the job is in the storage.</summary>
    public Task EnqueueAsync(int seq, CancellationToken cancellationToken)
    {
        if (seq < 0)
        {
            _client!.Enqueue<HangfireNoopJob>(j => j.Run());
        }
        else
        {
            _client!.Enqueue<HangfireNoopJob>(j => j.RunSeq(seq));
        }

        return Task.CompletedTask;
    }

    public Task<long> CountSucceededAsync(CancellationToken cancellationToken) =>
        Task.FromResult(_storage!.GetMonitoringApi().SucceededListCount());

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            _server.SendStop();
            await _server.WaitForShutdownAsync(cancellationToken);
            _server.Dispose();
            _server = null;
        }
    }

    public ValueTask DisposeAsync()
    {
        _server?.Dispose();
        (_storage as IDisposable)?.Dispose();
        _storage = null;
        return ValueTask.CompletedTask;
    }
}
