using System.Globalization;
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
/// It runs until it is killed, gets SIGTERM, or its stdin closes (the parent's graceful stop).
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
            await Console.Error.WriteLineAsync($"{ex.Message}\nUsage: Jobs.CrashHost --data DIR [--workers N] [--lease 00:00:02] [--enqueue N] [--hold-ms MS]").ConfigureAwait(false);
            return 2;
        }

        Directory.CreateDirectory(options.DataDirectory);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = options.DataDirectory,
            ["JobEngine:Workers"] = options.Workers.ToString(CultureInfo.InvariantCulture),
            ["JobEngine:LeaseDuration"] = options.Lease.ToString("c", CultureInfo.InvariantCulture),
            ["JobEngine:ShutdownGrace"] = "00:00:05",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddSingleton(new MarkLog(options.DataDirectory));
        builder.Services.AddSingleton(new CompletionStore(options.DataDirectory));
        builder.AddJobEngine().AddHandler<MarkHandler>("mark");

        using var host = builder.Build();
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        await host.Services.GetRequiredService<CompletionStore>().InitializeAsync(lifetime.ApplicationStopping).ConfigureAwait(false);
        await host.StartAsync().ConfigureAwait(false);
        await WriteLineAsync("ready").ConfigureAwait(false);

        var stdinClosed = WatchStdinAsync(lifetime);
        var client = host.Services.GetRequiredService<IJobClient>();
        for (var i = 0; i < options.Enqueue; i++)
        {
            var arguments = JsonSerializer.Serialize(new MarkArgs($"job-{i}", options.HoldMs), JobJson.Options);
            var result = await client.EnqueueAsync(new JobRequest { Type = "mark", Arguments = arguments }, lifetime.ApplicationStopping).ConfigureAwait(false);
            await WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"enqueued {result.JobId}")).ConfigureAwait(false);
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
