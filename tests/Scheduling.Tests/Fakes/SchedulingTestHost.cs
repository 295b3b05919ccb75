using Jobs.Client;
using Jobs.Scheduling.Services;
using Jobs.Scheduling.Triggers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace Jobs.Scheduling.Tests.Fakes;

/// <summary>A real host (engine + scheduler on SQLite files in a temp folder) driven by a fake clock.</summary>
internal sealed class SchedulingTestHost : IAsyncDisposable
{
    private readonly IHost _host;

    private SchedulingTestHost(IHost host, FireCounter fires)
    {
        _host = host;
        Fires = fires;
    }

    public FireCounter Fires { get; }

    public IServiceProvider Services => _host.Services;

    public IScheduleService Schedules => Services.GetRequiredService<IScheduleService>();

    public IJobQueries Queries => Services.GetRequiredService<IJobQueries>();

    public JobGate Gate => Services.GetRequiredService<JobGate>();

    /// <summary>Builds and starts the host.</summary>
    /// <param name="dataDirectory">Where both SQLite files live.</param>
    /// <param name="time">The clock for engine and Quartz (a fake one, or the system clock for a clustered store).</param>
    /// <param name="settings">Extra configuration (keys as in appsettings.json or environment variable names).</param>
    /// <param name="beforeScheduling">Registrations made before <c>AddScheduling</c>, for example other job types.</param>
    /// <param name="fires">A counter to share with other hosts (a cluster's fires counted together); a new one when null.</param>
    /// <param name="registerBuiltInStandIns">Whether to register stand-ins for the job types of the default schedules.</param>
    public static async Task<SchedulingTestHost> StartAsync(
        string dataDirectory,
        TimeProvider time,
        IDictionary<string, string?>? settings = null,
        Action<HostApplicationBuilder>? beforeScheduling = null,
        bool registerBuiltInStandIns = true,
        FireCounter? fires = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var config = new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = dataDirectory,
            ["JobEngine:RunWorkers"] = "false",
            ["Scheduling:Defaults:Enabled"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(config);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<JobGate>();
        var engine = builder.AddJobEngine()
            .AddHandler<TestJob>(TestJob.Name)
            .AddHandler<BlockingJob>(BlockingJob.Name);
        if (registerBuiltInStandIns)
        {
            foreach (var name in BuiltInStandInJob.Names)
            {
                engine.AddHandler<BuiltInStandInJob>(name);
            }
        }

        beforeScheduling?.Invoke(builder);
        builder.AddScheduling();
        var host = builder.Build();
        fires ??= new FireCounter();
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(TestContext.Current.CancellationToken);
        scheduler.ListenerManager.AddJobListener(fires, [GroupMatcher<JobKey>.GroupEquals(ScheduleKeys.Group)]);
        try
        {
            await host.StartAsync(TestContext.Current.CancellationToken);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new SchedulingTestHost(host, fires);
    }

    /// <summary>The Quartz instance id of this node (generated per process when clustered).</summary>
    public async Task<string> SchedulerInstanceIdAsync() =>
        (await Services.GetRequiredService<ISchedulerFactory>().GetScheduler(TestContext.Current.CancellationToken)).SchedulerInstanceId;

    public async ValueTask DisposeAsync()
    {
        Gate.Release.TrySetResult();
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }
}

/// <summary>A temp folder removed after the test.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sched-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a finishing host: the OS temp cleaner takes it.
        }
    }
}
