using Jobs.Benchmarks.Infrastructure;
using Jobs.Benchmarks.Scenarios;

namespace Jobs.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/Benchmarks -- &lt;scenario&gt; [--option value]...</c>: runs our engine and its
/// peers one after another in this process and prints a table, then, as the last stdout line, one JSON object.
/// </summary>
/// <remarks>Exit codes: 0 done, 1 a system failed or hung, 2 bad usage (one line on stderr).</remarks>
internal static class Program
{
    private const string Usage = "usage: Benchmarks <throughput|enqueue|latency|progress|scale|stl> [--jobs N] [--workers N] [--rounds N] ... | throughput --provider postgres [--nodes N]";

    public static async Task<int> Main(string[] args)
    {
        BenchArgs parsed;
        IScenario scenario;
        try
        {
            parsed = BenchArgs.Parse(args);
            scenario = parsed.Scenario switch
            {
                "throughput" => parsed.Choice("provider", "sqlite", "sqlite", "postgres") == "postgres"
                    ? new ClusterThroughputScenario(parsed)
                    : new ThroughputScenario(parsed),
                "enqueue" => new EnqueueScenario(parsed),
                "latency" => new LatencyScenario(parsed),
                "progress" => new ProgressScenario(parsed),
                "scale" => new ScaleScenario(parsed),
                "stl" => new StlScenario(parsed),
                var other => throw new UsageException($"Unknown scenario '{other}'."),
            };
            parsed.ThrowIfUnknownOptions();
        }
        catch (UsageException ex)
        {
            await Console.Error.WriteLineAsync($"{ex.Message} ({Usage})");
            return 2;
        }

        // Hangfire's client is synchronous: its producer tasks block pool threads. Enough threads up front
        // keeps the thread pool's slow injection from throttling the producers of whichever system runs.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), io);

        var report = new Report(parsed.Scenario);
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        try
        {
            await scenario.RunAsync(report, cancel.Token);
        }
        catch (OperationCanceledException ex)
        {
            await Console.Error.WriteLineAsync($"{parsed.Scenario}: cancelled or timed out ({ex.Message}).");
            await Console.Error.WriteLineAsync(ex.StackTrace);
            return 1;
        }

        var parameters = new System.Text.Json.Nodes.JsonObject();
        foreach (var (name, value) in parsed.Parameters)
        {
            parameters[name] = value;
        }

        report.Print(Console.Out, parameters, MachineInfo.Describe());
        return 0;
    }
}
