using System.Diagnostics;
using Jobs.Anomalies;
using Jobs.Benchmarks.Infrastructure;

namespace Jobs.Benchmarks.Scenarios;

/// <summary><c>stl</c>: decomposition speed of our STL on an hourly series with a daily cycle, plain and robust.</summary>
/// <remarks>
/// The series is deterministic (trend + daily cycle + seeded noise + a few spikes) so that rounds and machines compare.
/// Plain is statsmodels' <c>fit()</c> default without robustness (inner 5, outer 0); robust is inner 2, outer 15, i.e.
/// 32 inner passes against 5. One decomposer is reused across rounds, as the anomaly job reuses it across series.
/// </remarks>
internal sealed class StlScenario : IScenario
{
    private readonly int _points;
    private readonly int _period;
    private readonly int _rounds;

    public StlScenario(BenchArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        _points = args.Int("points", 100_000, 4);
        _period = args.Int("period", 24, 2);
        _rounds = args.Int("rounds", 5, 1, 1000);
    }

    public Task RunAsync(Report report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (_points < 2 * _period)
        {
            throw new UsageException($"--points must be at least two periods ({2 * _period}).");
        }

        var values = Series(_points, _period);
        var decomposer = new StlDecomposer();
        foreach (var robust in new[] { false, true })
        {
            var key = robust ? "robust" : "plain";
            var parameters = new StlParameters { Period = _period, Robust = robust };
            decomposer.Decompose(values, parameters); // warm-up: JIT and work arrays
            var rates = new List<double>();
            var millis = new List<double>();
            for (var r = 0; r < _rounds; r++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var start = Stopwatch.GetTimestamp();
                decomposer.Decompose(values, parameters);
                var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                rates.Add(_points / seconds);
                millis.Add(seconds * 1000);
                Progress.Line($"stl {key}: round {r + 1}/{_rounds}: {millis[^1]:0.0} ms");
            }

            var settings = parameters.Resolve(_points);
            var name = robust ? "STL robust (inner 2, outer 15)" : "STL plain (inner 5, outer 0)";
            report.Add(key, name, "pointsPerSecond", Stats.Summarize(rates), "points/s");
            report.Add(key, name, "milliseconds", Stats.Summarize(millis), "ms", $"{_points:N0} points");
            report.AddValue(key, "innerIterations", settings.InnerIterations);
            report.AddValue(key, "outerIterations", settings.OuterIterations);
        }

        report.Note($"Hourly series of {_points:N0} points, period {_period}, statsmodels default spans; median of {_rounds} rounds after a warm-up.");
        return Task.CompletedTask;
    }

    /// <summary>10 + 0.001t + 5 sin(2πt/period) + N(0, 0.5²) noise (seed 20240601) with a +8 spike every 997 points.</summary>
    private static double[] Series(int n, int period)
    {
        var random = new Random(20240601);
        var values = new double[n];
        for (var t = 0; t < n; t++)
        {
            // Box-Muller: normal noise from the seeded uniform generator.
            var noise = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            values[t] = 10 + (0.001 * t) + (5 * Math.Sin(2 * Math.PI * t / period)) + (0.5 * noise) + (t % 997 == 500 ? 8 : 0);
        }

        return values;
    }
}
