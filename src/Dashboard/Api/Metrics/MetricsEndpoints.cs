using Jobs.Client;
using Jobs.Dashboard.Api.Contracts;
using Jobs.Model;

namespace Jobs.Dashboard.Api.Metrics;

/// <summary>The <c>/api/metrics</c> routes.</summary>
/// <remarks><c>GET /api/metrics/series</c> belongs to the metrics-charts work and joins this group when it lands.</remarks>
internal static class MetricsEndpoints
{
    /// <summary>Maps the group under <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapMetrics(this IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var metrics = api.MapGroup("/metrics").WithTags("Metrics");
        metrics.MapGet("/summary", SummaryAsync)
            .WithName("MetricsSummary")
            .WithSummary("Jobs by state, totals, and the dead-letter queue's groups")
            .Produces<MetricsSummaryResponse>()
            .RequireAuthorization(ApiPolicies.Viewer);
        return metrics;
    }

    private static async Task<IResult> SummaryAsync(IJobQueries queries, TimeProvider time, CancellationToken cancellationToken)
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
            time.GetUtcNow()));
    }
}

/// <summary>The answer of <c>GET /api/metrics/summary</c>.</summary>
/// <param name="CountsByState">Jobs in each state (every state, zero included), keyed as the API writes states.</param>
/// <param name="Total">All stored jobs.</param>
/// <param name="Waiting">Jobs that still wait to run: scheduled, awaiting dependencies, enqueued, or failed and due for a retry.</param>
/// <param name="Running">Jobs running now.</param>
/// <param name="DeadLettered">Jobs in the dead-letter queue.</param>
/// <param name="DeadLetterGroups">The dead-letter queue grouped by job type and error type.</param>
/// <param name="GeneratedAt">When these figures were read.</param>
internal sealed record MetricsSummaryResponse(
    IReadOnlyDictionary<string, long> CountsByState,
    long Total,
    long Waiting,
    long Running,
    long DeadLettered,
    IReadOnlyList<DeadLetterGroup> DeadLetterGroups,
    DateTimeOffset GeneratedAt);
