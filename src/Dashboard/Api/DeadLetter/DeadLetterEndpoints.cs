using Jobs.Client;
using Jobs.Dashboard.Api.Audit;
using Jobs.Dashboard.Api.Contracts;
using Jobs.Dashboard.Api.Jobs;
using Jobs.Dashboard.Api.Problems;
using Jobs.Dashboard.Auth;
using Jobs.Model;

namespace Jobs.Dashboard.Api.DeadLetter;

/// <summary>The <c>/api/dead-letter</c> routes: list, retry some or all, purge.</summary>
/// <remarks>Retry and purge are recorded in the audit log as target <c>dlq</c> with the count (when it is not zero).</remarks>
internal static class DeadLetterEndpoints
{
    /// <summary>Maps the group under <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapDeadLetter(this IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var dlq = api.MapGroup("/dead-letter").WithTags("Dead letter");

        dlq.MapGet("/", ListAsync)
            .WithName("ListDeadLetter")
            .WithSummary("Dead-lettered jobs, newest first, and the groups they fall into (by type and error)")
            .Produces<DeadLetterPageResponse>()
            .ProducesValidationProblem()
            .RequireAuthorization(ApiPolicies.Viewer);

        dlq.MapPost("/retry", RetryAsync)
            .WithName("RetryDeadLetter")
            .WithSummary("Retry the given dead-lettered jobs ({\"ids\":[...]}) or all of them ({\"all\":true})")
            .Accepts<DeadLetterRetryBody>("application/json")
            .Produces<CountResponse>()
            .ProducesValidationProblem()
            .RequireAuthorization(ApiPolicies.Operator)
            .Audited(AuditActions.DeadLetterRetry, AuditTargets.DeadLetter);

        dlq.MapDelete("/", PurgeAsync)
            .WithName("PurgeDeadLetter")
            .WithSummary("Delete dead-lettered jobs: all, or those finished longer ago than olderThan (7d, 12h, ...)")
            .Produces<CountResponse>()
            .ProducesValidationProblem()
            .RequireAuthorization(ApiPolicies.Operator)
            .Audited(AuditActions.DeadLetterPurge, AuditTargets.DeadLetter);

        return dlq;
    }

    private static async Task<IResult> ListAsync(
        IJobQueries queries, string? type, string? queue, string? tag, string? q, string? cursor, string? limit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var filter = JobsEndpoints.ReadFilter(null, type, queue, tag, q, errors) with { State = JobState.DeadLettered };
        var size = JobsEndpoints.ReadLimit(limit, errors);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var page = await queries.ListAsync(filter, cursor, size, cancellationToken);
        var groups = await queries.DeadLetterGroupsAsync(cancellationToken);
        return TypedResults.Ok(new DeadLetterPageResponse([.. page.Items.Select(JobSummaryResponse.From)], page.NextCursor, groups));
    }

    private static async Task<IResult> RetryAsync(HttpRequest request, JsonBody body, IJobClient client, CancellationToken cancellationToken)
    {
        var (retry, problem) = await body.ReadAsync<DeadLetterRetryBody>(request, 1024 * 1024, whenEmpty: null, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var all = retry!.All == true;
        if (all == (retry.Ids is not null))
        {
            return ApiProblems.Validation("ids", "Give either ids (a non-empty list) or \"all\": true.");
        }

        if (retry.Ids is { Count: 0 } || retry.Ids?.Any(id => id <= 0) == true)
        {
            return ApiProblems.Validation("ids", "ids must be a non-empty list of job ids.");
        }

        var count = await client.RetryDeadLetteredAsync(all ? null : retry.Ids, cancellationToken);
        return Counted(count, AuditDetails.DeadLetterRetried(count, all ? null : retry.Ids));
    }

    private static async Task<IResult> PurgeAsync(IJobClient client, TimeProvider time, string? olderThan, CancellationToken cancellationToken)
    {
        DateTimeOffset? before = null;
        if (olderThan is not null)
        {
            if (!DurationText.TryParse(olderThan, out var age))
            {
                return ApiProblems.Validation("olderThan", $"'{olderThan}' is not a duration: use {DurationText.Format}.");
            }

            before = time.GetUtcNow() - age;
        }

        var count = await client.PurgeDeadLetteredAsync(before, cancellationToken);
        return Counted(count, AuditDetails.DeadLetterPurged(count, olderThan));
    }

    // Touching no job changed nothing, so only a non-zero count is an audited change.
    private static IResult Counted(int count, string details)
    {
        var answer = TypedResults.Ok(new CountResponse(count));
        return count == 0 ? answer : AuditedChange.Of(answer, targetId: null, details);
    }
}

/// <summary>The body of <c>POST /api/dead-letter/retry</c>: either <see cref="Ids"/> or <see cref="All"/>.</summary>
/// <param name="Ids">The dead-lettered jobs to retry; ids of jobs that are not dead-lettered are skipped.</param>
/// <param name="All">True to retry every dead-lettered job.</param>
internal sealed record DeadLetterRetryBody(IReadOnlyList<long>? Ids, bool? All);
