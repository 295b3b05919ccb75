using System.Text.Json;
using Jobs.BuiltIn;
using Jobs.BuiltIn.Artifacts;
using Jobs.BuiltIn.SampleDomain;
using Jobs.Client;
using Jobs.Events;
using Jobs.Handlers;
using Jobs.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Jobs.Tests.BuiltIn;

/// <summary>A real engine with the built-in job types, on real SQLite files in a temp folder.</summary>
public sealed class BuiltInEngine : IAsyncDisposable
{
    public static readonly DateTimeOffset Today = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);

    private BuiltInEngine(IHost host, string directory)
    {
        Host = host;
        Directory = directory;
    }

    public IHost Host { get; }
    public string Directory { get; }
    public IJobClient Client => Host.Services.GetRequiredService<IJobClient>();
    public IJobQueries Queries => Host.Services.GetRequiredService<IJobQueries>();
    public ArtifactStore Artifacts => Host.Services.GetRequiredService<ArtifactStore>();
    public SampleDomainPaths Paths => Host.Services.GetRequiredService<SampleDomainPaths>();

    /// <summary>Starts the engine; <paramref name="time"/> defaults to a fake clock at <see cref="Today"/> (use the system clock where real waits are measured).</summary>
    public static async Task<BuiltInEngine> StartAsync(TimeProvider? time = null, Dictionary<string, string?>? settings = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "jobs-builtin-tests", Guid.NewGuid().ToString("N"));
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = directory,
            ["JobEngine:Workers"] = "4",
            ["JobEngine:DefaultTimeout"] = "",
            ["JobEngine:RetentionInterval"] = "30.00:00:00",
            ["BuiltInJobs:SampleData:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services.AddSingleton(time ?? new FakeTimeProvider(Today));
        builder.Services.Configure<JobEventStreamOptions>(o => o.MinimumInterval = TimeSpan.Zero);
        builder.AddJobEngine().AddBuiltInJobs();
        var host = builder.Build();
        var engine = new BuiltInEngine(host, directory);
        try
        {
            await host.StartAsync(TestContext.Current.CancellationToken);
        }
        catch (Exception)
        {
            await engine.DisposeAsync();
            throw;
        }

        return engine;
    }

    public async Task<SampleDomainDbContext> SampleDbAsync() =>
        await Host.Services.GetRequiredService<IDbContextFactory<SampleDomainDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);

    public Task<EnqueueResult> EnqueueAsync(string type, object? args = null, Func<JobRequest, JobRequest>? configure = null)
    {
        var request = new JobRequest
        {
            Type = type,
            Arguments = args switch { null => null, string s => s, _ => JsonSerializer.Serialize(args, JobJson.Options) },
            MaxRetries = 0,
        };
        return Client.EnqueueAsync(configure is null ? request : configure(request), TestContext.Current.CancellationToken);
    }

    /// <summary>Enqueues a job (no retries) and waits until it has finished.</summary>
    public async Task<JobDetails> RunAsync(string type, object? args = null, Func<JobRequest, JobRequest>? configure = null, TimeSpan? timeout = null)
    {
        var job = await EnqueueAsync(type, args, configure);
        return await WaitForFinalAsync(job.JobId, timeout);
    }

    /// <summary>Waits (on the event stream, with a timeout) until the job is succeeded, dead-lettered or cancelled.</summary>
    public async Task<JobDetails> WaitForFinalAsync(long jobId, TimeSpan? timeout = null)
    {
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = Host.Services.GetRequiredService<IJobEventStream>().Subscribe(batch =>
        {
            if (batch.Overflowed || batch.Events.Any(e => e.JobId == jobId && e.State.IsFinal()))
            {
                changed.TrySetResult();
            }

            return Task.CompletedTask;
        }, jobId);
        var deadline = timeout ?? TimeSpan.FromSeconds(30);
        while (true)
        {
            var job = await Queries.GetAsync(jobId, TestContext.Current.CancellationToken);
            if (job is not null && job.Summary.State.IsFinal())
            {
                return job;
            }

            try
            {
                await changed.Task.WaitAsync(deadline, TestContext.Current.CancellationToken);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"Job {jobId} did not finish within {deadline}; it is {job?.Summary.State}.");
            }

            changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Writes a file into the inbox (via a temporary name, as a real producer should).</summary>
    public async Task DropAsync(string name, string content)
    {
        Paths.EnsureFolders();
        var target = Path.Combine(Paths.Inbox, name);
        await File.WriteAllTextAsync(target + ".part", content, TestContext.Current.CancellationToken);
        File.Move(target + ".part", target);
    }

    /// <summary>Writes a file into the data directory and returns its name relative to it.</summary>
    public async Task<string> WriteDataFileAsync(string name, string content)
    {
        System.IO.Directory.CreateDirectory(Directory);
        await File.WriteAllTextAsync(Path.Combine(Directory, name), content, TestContext.Current.CancellationToken);
        return name;
    }

    /// <summary>The rows of a row-set artifact, each as its JSON text.</summary>
    public string[] ReadArtifactLines(string relativePath) => File.ReadAllLines(Artifacts.Resolve(relativePath));

    public static T Result<T>(JobDetails job)
    {
        Assert.True(job.Summary.State == JobState.Succeeded, $"Job {job.Summary.Id} ({job.Summary.Type}) is {job.Summary.State}: {job.Summary.LastErrorType}: {job.Summary.LastErrorMessage}");
        return JsonSerializer.Deserialize<T>(job.Result!, JobJson.Options)!;
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
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
