using System.Globalization;
using System.Text;
using System.Text.Json;
using Jobs.Client;
using Jobs.Handlers;
using Jobs.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jobs.CrashHost;

/// <summary>A tiny engine host for crash tests: the tests start it, SIGKILL it mid-job, and start another on the same data.</summary>
/// <remarks>
/// Talks to its parent on stdout with whole lines: <c>ready</c> once the host started, then
/// <c>enqueued &lt;id&gt;</c> per job it enqueued. Logs go to stderr so they never mix with that protocol.
/// It runs until it is killed, gets SIGTERM, or its stdin closes (both are a graceful stop). When the engine
/// refuses to start (an unwritable data directory) it prints <c>start failed: …</c> to stderr and exits with 3.
/// </remarks>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        CrashHostOptions options;
        try
        {
            options = CrashHostOptions.Parse(args);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
        {
            await Console.Error.WriteLineAsync($"{ex.Message}\nUsage: Jobs.CrashHost --data DIR [--connection-string CS] [--node NAME] [--run-workers true|false] [--queue-limit Q=N]... [--workers N] [--lease 00:00:02] [--shutdown-grace 00:00:05] [--enqueue N] [--enqueue-batch N] [--hold-ms MS]").ConfigureAwait(false);
            return 2;
        }

        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = options.DataDirectory,
            ["JobEngine:Workers"] = options.Workers.ToString(CultureInfo.InvariantCulture),
            ["JobEngine:LeaseDuration"] = options.Lease.ToString("c", CultureInfo.InvariantCulture),
            ["JobEngine:ShutdownGrace"] = options.ShutdownGrace.ToString("c", CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
            ["ConnectionStrings:Jobs"] = options.ConnectionString,
            ["JobEngine:NodeName"] = options.Node,
            ["JobEngine:RunWorkers"] = options.RunWorkers ? "true" : "false",
        });
        foreach (var limit in options.QueueLimits)
        {
            var (queue, n) = (limit.Split('=')[0], limit.Split('=')[^1]);
            builder.Configuration[$"JobEngine:QueueConcurrency:{queue}"] = n;
        }

        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        // Created on first use, not here: the engine is what creates and checks the data directory, at start.
        builder.Services.AddSingleton(_ => new MarkLog(options.DataDirectory));
        builder.Services.AddSingleton(_ => new CompletionStore(options.DataDirectory, options.ConnectionString));
        builder.Services.AddSingleton(new NodeName(options.Node ?? Environment.MachineName));
        builder.AddJobEngine().AddHandler<MarkHandler>("mark");

        using var host = builder.Build();
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        try
        {
            await host.StartAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            // The engine refuses a data directory it can't write; say so in one line, as an app would.
            await Console.Error.WriteLineAsync($"start failed: {ex.Message}").ConfigureAwait(false);
            return 3;
        }

        await host.Services.GetRequiredService<CompletionStore>().InitializeAsync().ConfigureAwait(false);
        await WriteLineAsync("ready").ConfigureAwait(false);

        var stdinClosed = WatchStdinAsync(lifetime);
        var client = host.Services.GetRequiredService<IJobClient>();
        for (var first = 0; first < options.Enqueue; first += options.EnqueueBatch)
        {
            var size = Math.Min(options.EnqueueBatch, options.Enqueue - first);
            var requests = new JobRequest[size];
            for (var i = 0; i < size; i++)
            {
                requests[i] = new JobRequest { Type = "mark", Queue = options.EnqueueQueue, Arguments = JsonSerializer.Serialize(new MarkArgs($"job-{first + i}", options.HoldMs), JobJson.Options) };
            }

            var results = size == 1
                ? [await client.EnqueueAsync(requests[0], lifetime.ApplicationStopping).ConfigureAwait(false)]
                : await client.EnqueueBatchAsync(requests, lifetime.ApplicationStopping).ConfigureAwait(false);
            var lines = new StringBuilder();
            foreach (var result in results)
            {
                lines.Append(CultureInfo.InvariantCulture, $"enqueued {result.JobId}\n");
            }

            await WriteLineAsync(lines.ToString(0, lines.Length - 1)).ConfigureAwait(false);
        }

        await host.WaitForShutdownAsync().ConfigureAwait(false);
        // After SIGTERM the watcher may still sit in a stdin read that can't be cancelled; the process exit ends it.
        if (stdinClosed.IsCompleted)
        {
            await stdinClosed.ConfigureAwait(false);
        }

        return 0;
    }

    private static async Task WriteLineAsync(string line)
    {
        await Console.Out.WriteLineAsync(line).ConfigureAwait(false);
        await Console.Out.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Stops the host when stdin reaches its end: the parent closing our stdin is its way to ask for a graceful stop.</summary>
    private static Task WatchStdinAsync(IHostApplicationLifetime lifetime) => Task.Run(async () =>
    {
        using var stdin = Console.OpenStandardInput();
        var buffer = new byte[256];
        try
        {
            while (await stdin.ReadAsync(buffer, lifetime.ApplicationStopping).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return;
        }

        lifetime.StopApplication();
    });
}
