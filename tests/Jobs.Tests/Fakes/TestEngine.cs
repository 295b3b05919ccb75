using Jobs.Client;
using Jobs.Events;
using Jobs.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Jobs.Tests.Fakes;

/// <summary>A real engine on a real SQLite file in a temp folder, driven by a fake clock.</summary>
public sealed class TestEngine : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly bool _ownsDirectory;
    private readonly StoreBackend _store;

    private TestEngine(IHost host, string directory, FakeTimeProvider time, TestProbe probe, bool ownsDirectory, StoreBackend store)
    {
        _store = store;
        Host = host;
        Directory = directory;
        Time = time;
        Probe = probe;
        _ownsDirectory = ownsDirectory;
    }

    public IHost Host { get; }
    public string Directory { get; }
    public FakeTimeProvider Time { get; }
    public TestProbe Probe { get; }
    public IJobClient Client => Host.Services.GetRequiredService<IJobClient>();
    public IJobQueries Queries => Host.Services.GetRequiredService<IJobQueries>();
    public IJobEventStream Events => Host.Services.GetRequiredService<IJobEventStream>();

    public static Task<TestEngine> StartAsync(Dictionary<string, string?>? settings = null, string? directory = null, FakeTimeProvider? time = null, TestProbe? probe = null, Action<IServiceCollection>? services = null) =>
        StartOnAsync(StoreBackend.Sqlite, settings, directory, time, probe, services);

    /// <summary>Starts an engine on <paramref name="store"/>; the store suite's tests run once per store.</summary>
    /// <remarks><c>services</c> registers after the engine, so a test can replace one of its parts with its own.</remarks>
    public static async Task<TestEngine> StartOnAsync(StoreBackend store, Dictionary<string, string?>? settings = null, string? directory = null, FakeTimeProvider? time = null, TestProbe? probe = null, Action<IServiceCollection>? services = null)
    {
        var owns = directory is null;
        directory ??= Path.Combine(Path.GetTempPath(), "jobs-tests", Guid.NewGuid().ToString("N"));
        time ??= new FakeTimeProvider(Start);
        probe ??= new TestProbe();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = directory,
            ["JobEngine:Workers"] = "4",
            ["JobEngine:DefaultTimeout"] = "",
            ["JobEngine:RetentionInterval"] = "30.00:00:00",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Configuration.AddInMemoryCollection(await store.SettingsAsync(directory));
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton(probe);
        builder.Services.Configure<JobEventStreamOptions>(o => o.MinimumInterval = TimeSpan.Zero);
        builder.AddJobEngine()
            .AddHandler<RecordHandler>("record")
            .AddHandler<GateHandler>("gate")
            .AddHandler<ThrowHandler>("throw")
            .AddHandler<ProgressHandler>("progress")
            .AddHandler<HookHandler>("hooks");
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new TestEngine(host, directory, time, probe, owns, store);
    }

    public Task<EnqueueResult> EnqueueAsync(string type, object? args = null, Func<JobRequest, JobRequest>? configure = null)
    {
        var request = new JobRequest { Type = type, Arguments = args is null ? null : System.Text.Json.JsonSerializer.Serialize(args, Handlers.JobJson.Options) };
        return Client.EnqueueAsync(configure is null ? request : configure(request), TestContext.Current.CancellationToken);
    }

    /// <summary>Waits (on the event stream, with a timeout) until the job is in <paramref name="state"/>.</summary>
    public async Task<JobDetails> WaitForStateAsync(long jobId, JobState state, TimeSpan? timeout = null)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = Events.Subscribe(batch =>
        {
            if (batch.Overflowed || batch.Events.Any(e => e.JobId == jobId && e.State == state))
            {
                reached.TrySetResult();
            }

            return Task.CompletedTask;
        }, jobId);
        var deadline = timeout ?? TimeSpan.FromSeconds(15);
        while (true)
        {
            var job = await Queries.GetAsync(jobId, TestContext.Current.CancellationToken);
            if (job?.Summary.State == state)
            {
                return job;
            }

            try
            {
                await reached.Task.WaitAsync(deadline, TestContext.Current.CancellationToken);
            }
            catch (TimeoutException)
            {
                // Say why it stopped where it did: the last attempt's error, if it has one.
                var now = await Queries.GetAsync(jobId, TestContext.Current.CancellationToken);
                var error = now?.Attempts is { Count: > 0 } attempts && attempts[^1].Error is { } e ? $" Last error: {e.Type}: {e.Message}" : "";
                throw new TimeoutException($"Job {jobId} did not reach {state} within {deadline}; it is {now?.Summary.State}.{error}");
            }

            reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Checks <paramref name="condition"/> until it holds, yielding between checks; fails with <paramref name="what"/> after the timeout.</summary>
    /// <remarks>For effects that announce themselves nowhere (a fire-and-forget store write). Never sleeps: it yields.</remarks>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = timeout ?? TimeSpan.FromSeconds(10);
        var started = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            if (TimeProvider.System.GetElapsedTime(started) > deadline)
            {
                throw new TimeoutException($"Not within {deadline}: {what}.");
            }

            await Task.Yield();
        }
    }

    public async Task StopAsync()
    {
        await Host.StopAsync(TestContext.Current.CancellationToken);
        Host.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Host.StopAsync(CancellationToken.None);
        }
        catch (ObjectDisposedException)
        {
        }

        Host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_ownsDirectory)
        {
            await _store.DropAsync(Directory);
        }

        if (_ownsDirectory && System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
