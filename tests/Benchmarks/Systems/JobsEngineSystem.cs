using System.Globalization;
using Jobs.Client;
using Jobs.Handlers;
using Jobs.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jobs.Benchmarks.Systems;

/// <summary>The arguments of the benchmark's no-op job: an optional sequence number for latency runs.</summary>
/// <param name="Seq">-1 (the default, when the job has no arguments) means "don't stamp".</param>
internal sealed record NoopArgs(int Seq = -1);

/// <summary>The no-op job for our engine: tells the probe it ran, nothing else.</summary>
internal sealed class NoopHandler(JobProbe probe) : IJobHandler<NoopArgs>
{
    public Task HandleAsync(NoopArgs args, IJobContext context)
    {
        probe.OnRun(args.Seq);
        return Task.CompletedTask;
    }
}

/// <summary>Our engine, hosted the way an application hosts it: a generic host with <c>AddJobEngine()</c>.</summary>
/// <remarks>
/// Configured only through the documented keys (<c>Storage:DataDirectory</c>, <c>JobEngine:Workers</c>,
/// <c>JobEngine:RunWorkers</c>), with the store's defaults: WAL and <c>synchronous=NORMAL</c>, so an
/// enqueue has returned only after its commit. Logs go to stderr at Warning, so stdout stays the report.
/// </remarks>
internal sealed class JobsEngineSystem(SystemOptions options, Action<JobEngineBuilder>? configure = null,
    IReadOnlyDictionary<string, string?>? extraSettings = null) : IJobSystem
{
    private IHost? _host;
    private IJobClient? _client;
    private IJobQueries? _queries;

    public string Key => JobSystems.Ours;

    public string DisplayName => JobSystems.DisplayName(Key);

    /// <summary>The running host's services, for scenarios that need more than enqueue (queries, the event stream).</summary>
    public IServiceProvider Services => _host?.Services ?? throw new InvalidOperationException("Not started.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
        var settings = new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = options.DataDirectory,
            ["JobEngine:Workers"] = options.Workers.ToString(CultureInfo.InvariantCulture),
            ["JobEngine:RunWorkers"] = options.RunWorkers ? "true" : "false",
        };
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddSingleton(options.Probe);
        var engine = builder.AddJobEngine().AddHandler<NoopHandler>("noop");
        configure?.Invoke(engine);
        _host = builder.Build();
        await _host.StartAsync(cancellationToken);
        _client = _host.Services.GetRequiredService<IJobClient>();
        _queries = _host.Services.GetRequiredService<IJobQueries>();
    }

    public async Task EnqueueAsync(int seq, CancellationToken cancellationToken)
    {
        var request = seq < 0
            ? new JobRequest { Type = "noop" }
            : new JobRequest { Type = "noop", Arguments = string.Create(CultureInfo.InvariantCulture, $"{{\"seq\":{seq}}}") };
        await _client!.EnqueueAsync(request, cancellationToken);
    }

    public async Task<long> CountSucceededAsync(CancellationToken cancellationToken) =>
        (await _queries!.CountByStateAsync(cancellationToken))[JobState.Succeeded];

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_host is not null)
        {
            await _host.StopAsync(cancellationToken);
        }
    }

    public ValueTask DisposeAsync()
    {
        _host?.Dispose();
        _host = null;
        return ValueTask.CompletedTask;
    }
}
