using System.Globalization;
using Jobs.Anomalies;
using Jobs.Dashboard.Api.Contracts;
using Jobs.Dashboard.Api.Problems;

namespace Jobs.Dashboard.Api.Anomalies;

/// <summary>The <c>/api/anomalies</c> route: anomalies the detection job stored.</summary>
internal static class AnomaliesEndpoints
{
    /// <summary>Most anomalies one answer holds.</summary>
    public const int MaxLimit = 5_000;

    /// <summary>Maps the route under <paramref name="api"/>.</summary>
    public static RouteHandlerBuilder MapAnomalies(this IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        return api.MapGet("/anomalies", ListAsync)
            .WithTags("Anomalies")
            .WithName("ListAnomalies")
            .WithSummary("Stored anomalies of one series (or all) with timestamps in [from, to) (default: the last 7 days), oldest first")
            .Produces<IReadOnlyList<AnomalyResponse>>()
            .ProducesValidationProblem()
            .RequireAuthorization(ApiPolicies.Viewer);
    }

    private static async Task<IResult> ListAsync(IAnomalyStore store, TimeProvider time, string? series, string? from, string? to, string? limit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var (start, end) = TimeRangeText.Read(from, to, time.GetUtcNow(), TimeSpan.FromDays(7), errors);
        var size = 1_000;
        if (!string.IsNullOrWhiteSpace(limit) && !(int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) && size is >= 1 and <= MaxLimit))
        {
            errors["limit"] = [$"'{limit}' is not a limit: use a whole number from 1 to {MaxLimit}."];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var anomalies = await store.QueryAsync(string.IsNullOrWhiteSpace(series) ? null : series, start, end, size, cancellationToken);
        return TypedResults.Ok(anomalies.Select(AnomalyResponse.From).ToList());
    }
}

/// <summary>One stored anomaly as the API writes it.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Series">The series it was found in.</param>
/// <param name="Timestamp">The point's timestamp.</param>
/// <param name="Value">The observed value.</param>
/// <param name="Expected">Trend + seasonal (or the mean), if known.</param>
/// <param name="Score">The strongest rule's score.</param>
/// <param name="Methods">The rules that flagged it: <c>zscore</c>, <c>stl</c>.</param>
/// <param name="Severity">low, medium, high or critical.</param>
/// <param name="DetectedAt">When it was first detected.</param>
/// <param name="JobId">The detection job that first stored it, if any.</param>
internal sealed record AnomalyResponse(long Id, string Series, DateTimeOffset Timestamp, double Value, double? Expected, double Score, IReadOnlyList<string> Methods, AnomalySeverity Severity, DateTimeOffset DetectedAt, long? JobId)
{
    public static AnomalyResponse From(StoredAnomaly a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var methods = new List<string>(2);
        if (a.Methods.HasFlag(AnomalyMethods.ZScore))
        {
            methods.Add("zscore");
        }

        if (a.Methods.HasFlag(AnomalyMethods.Stl))
        {
            methods.Add("stl");
        }

        return new AnomalyResponse(a.Id, a.Series, a.Timestamp, a.Value, a.Expected, a.Score, methods, a.Severity, a.DetectedAt, a.JobId);
    }
}
