using Jobs.Client;
using Jobs.Dashboard.Api.Contracts;
using Jobs.Dashboard.Api.Problems;
using Jobs.Metrics;
using Jobs.Model;

namespace Jobs.Dashboard.Api.Metrics;

/// <summary>The <c>/api/metrics</c> routes: summary, charted series, the per-job-type table and the process figures.</summary>
internal static class MetricsEndpoints
{
    /// <summary>The range the series and job-type routes cover when <c>from</c> is not given: the last 24 hours.</summary>
    public static readonly TimeSpan DefaultSpan = TimeSpan.FromHours(24);

    /// <summary>Maps the group under <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapMetrics(this IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var metrics = api.MapGroup("/metrics").WithTags("Metrics");
        metrics.MapGet("/summary", SummaryAsync)
            .WithName("MetricsSummary")
            .WithSummary("Jobs by state, totals, the dead-letter queue's groups, and this process's latest sample")
            .Produces<MetricsSummaryResponse>()
            .RequireAuthorization(ApiPolicies.Viewer);
        metrics.MapGet("/series", SeriesAsync)
            .WithName("MetricsSeries")
            .WithSummary("One job metric per interval of [from, to): processed, failed, cancelled, success_rate, duration_mean_ms, duration_p95_ms, queue_wait_mean_ms, queue_depth, queue_depth_max")
            .Produces<MetricSeriesResponse>()
            .ProducesValidationProblem()
            .RequireAuthorization(ApiPolicies.Viewer);
        metrics.MapGet("/job-types", JobTypesAsync)
            .WithName("MetricsJobTypes")
            .WithSummary("Per job type over [from, to): total, succeeded, failed, cancelled, success rate, mean, p95 and p99 duration")
            .Produces<IReadOnlyList<JobTypeMetrics>>()
            .ProducesValidationProblem()
            .RequireAuthorization(ApiPolicies.Viewer);
        metrics.MapGet("/process", ProcessAsync)
            .WithName("MetricsProcess")
            .WithSummary("This process's samples (worker use, CPU, memory, queue depth), oldest first, since 'from' (default: all kept)")
            .Produces<ProcessMetricsResponse>()
            .ProducesValidationProblem()
            .RequireAuthorization(ApiPolicies.Viewer);
        return metrics;
    }

    private static async Task<IResult> SummaryAsync(IJobQueries queries, IProcessMetrics process, TimeProvider time, CancellationToken cancellationToken)
    {
        var counts = await queries.CountByStateAsync(cancellationToken);
        var groups = await queries.DeadLetterGroupsAsync(cancellationToken);
        long Count(JobState state) => counts.TryGetValue(state, out var n) ? n : 0;
        return TypedResults.Ok(new MetricsSummaryResponse(
            Enum.GetValues<JobState>().ToDictionary(JobStateText.ToText, Count, StringComparer.Ordinal),
            counts.Values.Sum(),
            Count(JobState.Scheduled) + Count(JobState.AwaitingDependencies) + Count(JobState.Enqueued) + Count(JobState.Failed),
            Count(JobState.Processing),
            Count(JobState.DeadLettered),
            groups,
            process.Latest,
            time.GetUtcNow()));
    }

    private static async Task<IResult> SeriesAsync(
        IMetricsQueries metrics, TimeProvider time, string? metric, string? jobType, string? from, string? to, string? step, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Func<MetricsInterval, double?>? value = null;
        if (string.IsNullOrWhiteSpace(metric))
        {
            errors["metric"] = [$"A metric is required: one of {IntervalMetrics.Names}."];
        }
        else if (!IntervalMetrics.All.TryGetValue(metric, out value))
        {
            errors["metric"] = [$"Unknown metric '{metric}': use one of {IntervalMetrics.Names}."];
        }

        var (start, end) = TimeRangeText.Read(from, to, time.GetUtcNow(), DefaultSpan, errors);
        var interval = TimeRangeText.ReadStep(step, start, end, errors);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        // Validation of the step against the range happens in the engine: a JobValidationException becomes the same 400.
        var type = string.IsNullOrWhiteSpace(jobType) ? null : jobType.Trim();
        var intervals = await metrics.GetIntervalsAsync(new MetricsRange(start, end, interval), type, cancellationToken);
        return TypedResults.Ok(new MetricSeriesResponse(
            metric!, type, start, end, interval, [.. intervals.Select(i => new MetricPoint(i.Start, value!(i)))]));
    }

    private static async Task<IResult> JobTypesAsync(IMetricsQueries metrics, TimeProvider time, string? from, string? to, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var (start, end) = TimeRangeText.Read(from, to, time.GetUtcNow(), DefaultSpan, errors);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        return TypedResults.Ok(await metrics.GetJobTypesAsync(start, end, cancellationToken));
    }

    private static IResult ProcessAsync(IProcessMetrics process, string? from)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var since = TimeRangeText.ReadTime("from", from, errors);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        return TypedResults.Ok(new ProcessMetricsResponse(process.Node, process.SampleInterval, process.GetSamples(since)));
    }
}

/// <summary>The answer of <c>GET /api/metrics/summary</c>.</summary>
/// <param name="CountsByState">Jobs in each state (every state, zero included), keyed as the API writes states.</param>
/// <param name="Total">All stored jobs.</param>
/// <param name="Waiting">Jobs that still wait to run: scheduled, awaiting dependencies, enqueued, or failed and due for a retry.</param>
/// <param name="Running">Jobs running now.</param>
/// <param name="DeadLettered">Jobs in the dead-letter queue.</param>
/// <param name="DeadLetterGroups">The dead-letter queue grouped by job type and error type.</param>
/// <param name="Process">This process's latest sample (worker use, CPU, memory, queue depth); absent before the first or where no workers run.</param>
/// <param name="GeneratedAt">When these figures were read.</param>
internal sealed record MetricsSummaryResponse(
    IReadOnlyDictionary<string, long> CountsByState,
    long Total,
    long Waiting,
    long Running,
    long DeadLettered,
    IReadOnlyList<DeadLetterGroup> DeadLetterGroups,
    ProcessSample? Process,
    DateTimeOffset GeneratedAt);

/// <summary>One point of a metric series.</summary>
/// <param name="Timestamp">The interval's start.</param>
/// <param name="Value">The figure; null (written as <c>null</c>) where the interval had nothing to measure.</param>
internal sealed record MetricPoint(
    DateTimeOffset Timestamp,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] double? Value);

/// <summary>The answer of <c>GET /api/metrics/series</c>: one point per interval, every interval present.</summary>
/// <param name="Metric">The metric.</param>
/// <param name="JobType">The job type it is limited to, if any.</param>
/// <param name="From">The range's start.</param>
/// <param name="To">The range's end.</param>
/// <param name="Step">The interval length.</param>
/// <param name="Points">The points, oldest first.</param>
internal sealed record MetricSeriesResponse(string Metric, string? JobType, DateTimeOffset From, DateTimeOffset To, TimeSpan Step, IReadOnlyList<MetricPoint> Points);

/// <summary>The answer of <c>GET /api/metrics/process</c>.</summary>
/// <param name="Node">The node the samples are of.</param>
/// <param name="SampleInterval">How often samples are taken.</param>
/// <param name="Samples">The samples, oldest first.</param>
internal sealed record ProcessMetricsResponse(string Node, TimeSpan SampleInterval, IReadOnlyList<ProcessSample> Samples);
