using Jobs.Dashboard.Components.Charts;
using Jobs.Metrics;

namespace Jobs.Dashboard.Components.Metrics;

/// <summary>The metrics page's chart data, built once per load from the store's intervals and the process samples.</summary>
/// <remarks>
/// Intervals without a value (no job finished, no sample) are left out of the lines rather than drawn as zero.
/// <see cref="FirstSample"/> is where the process's in-memory history starts: its charts begin there, not at the range's start.
/// </remarks>
public sealed record MetricsCharts(
    IReadOnlyList<StackedInterval> Throughput,
    IReadOnlyList<LineSeries> SuccessRate,
    IReadOnlyList<LineSeries> Duration,
    IReadOnlyList<LineSeries> QueueWait,
    IReadOnlyList<LineSeries> QueueDepth,
    IReadOnlyList<LineSeries> Utilisation,
    IReadOnlyList<LineSeries> Cpu,
    IReadOnlyList<LineSeries> Memory,
    DateTimeOffset? FirstSample)
{
    private const double MiB = 1024 * 1024;

    /// <summary>Builds every chart's data.</summary>
    public static MetricsCharts From(IReadOnlyList<MetricsInterval> intervals, IReadOnlyList<ProcessSample> samples)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        ArgumentNullException.ThrowIfNull(samples);
        return new MetricsCharts(
            [.. intervals.Select(i => new StackedInterval(i.Start, i.End - i.Start, [i.Succeeded, i.Failed]))],
            [Line("Success rate", intervals, i => i.SuccessRate * 100)],
            [Line("Mean", intervals, i => i.DurationMeanMs), Line("p95", intervals, i => i.DurationP95Ms)],
            [Line("Mean queue wait", intervals, i => i.QueueWaitMeanMs)],
            [Line("Mean", intervals, i => i.QueueDepthMean), Line("Max", intervals, i => i.QueueDepthMax)],
            [Samples("Busy workers", samples, s => s.WorkerUtilisation * 100)],
            [Samples("CPU", samples, s => s.CpuPercent)],
            [Samples("Working set", samples, s => s.WorkingSetBytes / MiB), Samples("Managed heap", samples, s => s.ManagedHeapBytes / MiB)],
            samples.Count > 0 ? samples[0].Timestamp : null);
    }

    private static LineSeries Line(string name, IReadOnlyList<MetricsInterval> intervals, Func<MetricsInterval, double?> value) =>
        new(name, [.. intervals.Where(i => value(i) is not null).Select(i => new TimePoint(i.Start + ((i.End - i.Start) / 2), value(i)!.Value))]);

    private static LineSeries Samples(string name, IReadOnlyList<ProcessSample> samples, Func<ProcessSample, double?> value) =>
        new(name, [.. samples.Where(s => value(s) is not null).Select(s => new TimePoint(s.Timestamp, value(s)!.Value))]);
}
