using Jobs.Metrics;

namespace Jobs.Dashboard.Api.Metrics;

/// <summary>The metrics <c>GET /api/metrics/series</c> serves, each a figure of <see cref="MetricsInterval"/>.</summary>
internal static class IntervalMetrics
{
    /// <summary>Metric name → its value in an interval (null where there was nothing to measure).</summary>
    public static IReadOnlyDictionary<string, Func<MetricsInterval, double?>> All { get; } = new Dictionary<string, Func<MetricsInterval, double?>>(StringComparer.Ordinal)
    {
        ["processed"] = i => i.Succeeded,
        ["failed"] = i => i.Failed,
        ["cancelled"] = i => i.Cancelled,
        ["success_rate"] = i => i.SuccessRate,
        ["duration_mean_ms"] = i => i.DurationMeanMs,
        ["duration_p95_ms"] = i => i.DurationP95Ms,
        ["queue_wait_mean_ms"] = i => i.QueueWaitMeanMs,
        ["queue_depth"] = i => i.QueueDepthMean,
        ["queue_depth_max"] = i => i.QueueDepthMax,
    };

    /// <summary>The names, in a stable order, for error messages and the OpenAPI description.</summary>
    public static string Names { get; } = string.Join(", ", All.Keys);
}
