using System.Globalization;

namespace Jobs.CrashHost;

/// <summary>
/// The command line of the crash host:
/// <c>--data DIR [--connection-string CS] [--node NAME] [--run-workers true|false] [--queue-limit Q=N]... [--workers N] [--lease 00:00:02] [--shutdown-grace 00:00:05] [--enqueue N] [--enqueue-batch N] [--hold-ms MS]</c>.
/// </summary>
/// <remarks>Kept to a handful of flags on purpose: the crash tests drive this process and nothing else does.</remarks>
internal sealed record CrashHostOptions
{
    public required string DataDirectory { get; init; }

    /// <summary>Workers in this process. Defaults to 2.</summary>
    public int Workers { get; init; } = 2;

    /// <summary>The lease duration. Defaults to 2 seconds, so a killed process's jobs run again soon.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a graceful stop waits for running jobs before it cancels and requeues them. Defaults to 5 seconds.</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How many <c>mark</c> jobs to enqueue once started. Defaults to 0.</summary>
    public int Enqueue { get; init; }

    /// <summary>How many jobs go into one <c>EnqueueBatchAsync</c> call (one commit). Defaults to 1: one <c>EnqueueAsync</c> per job.</summary>
    public int EnqueueBatch { get; init; } = 1;

    /// <summary>The queue the enqueued jobs go to. Defaults to <c>default</c>.</summary>
    public string EnqueueQueue { get; init; } = "default";

    /// <summary>How long each enqueued job holds on its first attempt, in milliseconds. Defaults to 0.</summary>
    public int HoldMs { get; init; }

    /// <summary>A PostgreSQL connection string: the engine and the completions table live there instead of under <see cref="DataDirectory"/>.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>The node name (<c>JobEngine:NodeName</c>). Defaults to the machine name.</summary>
    public string? Node { get; init; }

    /// <summary>Whether this process runs jobs; false makes it an enqueuer only, like the CLI. Defaults to true.</summary>
    public bool RunWorkers { get; init; } = true;

    /// <summary>Queue concurrency limits, <c>queue=N</c> each.</summary>
    public IReadOnlyList<string> QueueLimits { get; init; } = [];

    public static CrashHostOptions Parse(IReadOnlyList<string> args)
    {
        string? data = null;
        var options = new CrashHostOptions { DataDirectory = "" };
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            i++;
            options = args[i - 1] switch
            {
                "--data" => options with { DataDirectory = data = value },
                "--workers" => options with { Workers = int.Parse(value, CultureInfo.InvariantCulture) },
                "--lease" => options with { Lease = TimeSpan.Parse(value, CultureInfo.InvariantCulture) },
                "--shutdown-grace" => options with { ShutdownGrace = TimeSpan.Parse(value, CultureInfo.InvariantCulture) },
                "--enqueue" => options with { Enqueue = int.Parse(value, CultureInfo.InvariantCulture) },
                "--enqueue-batch" => options with { EnqueueBatch = Math.Max(1, int.Parse(value, CultureInfo.InvariantCulture)) },
                "--connection-string" => options with { ConnectionString = value },
                "--run-workers" => options with { RunWorkers = bool.Parse(value) },
                "--node" => options with { Node = value },
                "--queue-limit" => options with { QueueLimits = [.. options.QueueLimits, value] },
                "--enqueue-queue" => options with { EnqueueQueue = value },
                "--hold-ms" => options with { HoldMs = int.Parse(value, CultureInfo.InvariantCulture) },
                var unknown => throw new ArgumentException($"Unknown option {unknown}."),
            };
        }

        return string.IsNullOrWhiteSpace(data) ? throw new ArgumentException("--data DIR is required.") : options;
    }
}
