using Jobs.Dashboard.Api.Contracts;
using Jobs.Dashboard.Api.Problems;
using Jobs.Series;

namespace Jobs.Dashboard.Api.Series;

/// <summary>The <c>/api/series</c> routes: the stored time series (engine metrics, sampled figures, data series) and their points.</summary>
internal static class SeriesEndpoints
{
    /// <summary>Most points one read returns: a week of minutes.</summary>
    public const int MaxPoints = 10_080;

    /// <summary>Maps the group under <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapSeries(this IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var series = api.MapGroup("/series").WithTags("Series");
        series.MapGet("/", ListAsync)
            .WithName("ListSeries")
            .WithSummary("Every stored series with its point count and first and last timestamps, by name")
            .Produces<IReadOnlyList<SeriesInfo>>()
            .RequireAuthorization(ApiPolicies.Viewer);
        series.MapGet("/{name}", ReadAsync)
            .WithName("ReadSeries")
            .WithSummary("The points of one series in [from, to) (default: the last 7 days), oldest first")
            .Produces<SeriesPointsResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(ApiPolicies.Viewer);
        return series;
    }

    private static async Task<IResult> ListAsync(ISeriesStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(cancellationToken));

    private static async Task<IResult> ReadAsync(string name, ISeriesStore store, TimeProvider time, string? from, string? to, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var (start, end) = TimeRangeText.Read(from, to, time.GetUtcNow(), TimeSpan.FromDays(7), errors);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        // An unknown series reads as empty in the store; here it is a 404, so a typo is not mistaken for silence.
        var all = await store.ListAsync(cancellationToken);
        if (!all.Any(s => string.Equals(s.Name, name, StringComparison.Ordinal)))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Series not found", detail: $"No series is named '{name}'. GET /api/series lists them.");
        }

        var points = await store.ReadAsync(name, start, end, cancellationToken);
        var truncated = points.Count > MaxPoints;
        return TypedResults.Ok(new SeriesPointsResponse(name, start, end, truncated ? [.. points.Take(MaxPoints)] : points, truncated));
    }
}

/// <summary>The answer of <c>GET /api/series/{name}</c>.</summary>
/// <param name="Name">The series.</param>
/// <param name="From">The range's start.</param>
/// <param name="To">The range's end.</param>
/// <param name="Points">The points, oldest first (at most <see cref="SeriesEndpoints.MaxPoints"/>).</param>
/// <param name="Truncated">True when the range held more points: ask again from the last one's timestamp.</param>
internal sealed record SeriesPointsResponse(string Name, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<SeriesPoint> Points, bool Truncated);
