using System.Globalization;
using Jobs.Client;
using Jobs.Configuration;
using Jobs.Dashboard.Api.Audit;
using Jobs.Dashboard.Api.Contracts;
using Jobs.Dashboard.Api.Problems;
using Jobs.Dashboard.Auth;
using Jobs.Model;
using Microsoft.Extensions.Options;

namespace Jobs.Dashboard.Api.Jobs;

/// <summary>The <c>/api/jobs</c> routes: create, list, get, cancel, retry and delete.</summary>
/// <remarks>Create, cancel, retry and delete are recorded in the audit log (<see cref="AuditedEndpoints"/>); get shows a job's entries.</remarks>
internal static class JobsEndpoints
{
    /// <summary>Room for everything around the arguments in a create body (type, tags, metadata...).</summary>
    internal const int EnvelopeBytes = 64 * 1024;

    /// <summary>The largest page a list returns.</summary>
    internal const int MaxLimit = 500;

    /// <summary>Maps the group under <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapJobs(this IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var jobs = api.MapGroup("/jobs").WithTags("Jobs");

        jobs.MapPost("/", CreateAsync)
            .WithName("CreateJob")
            .WithSummary("Enqueue a job")
            .Accepts<CreateJobBody>("application/json")
            .Produces<JobDetailsResponse>(StatusCodes.Status201Created)
            .Produces<JobDetailsResponse>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .RequireAuthorization(ApiPolicies.Operator)
            .Audited(AuditActions.JobEnqueue, AuditTargets.Job);

        jobs.MapGet("/", ListAsync)
            .WithName("ListJobs")
            .WithSummary("List jobs, newest first, with filters and cursor paging")
            .Produces<JobPageResponse>()
            .ProducesValidationProblem()
            .RequireAuthorization(ApiPolicies.Viewer);

        jobs.MapGet("/{id:long}", GetAsync)
            .WithName("GetJob")
            .WithSummary("One job with progress, attempts, the last error with its stack trace, dependencies, and who changed it (audit)")
            .Produces<JobDetailsResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(ApiPolicies.Viewer);

        jobs.MapPost("/{id:long}/cancel", CancelAsync)
            .WithName("CancelJob")
            .WithSummary("Cancel a waiting or running job")
            .Produces<JobActionResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .Accepts<CancelJobBody>(isOptional: true, "application/json")
            .RequireAuthorization(ApiPolicies.Operator)
            .Audited(AuditActions.JobCancel, AuditTargets.Job);

        jobs.MapPost("/{id:long}/retry", RetryAsync)
            .WithName("RetryJob")
            .WithSummary("Run a failed, dead-lettered or cancelled job again")
            .Produces<JobActionResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(ApiPolicies.Operator)
            .Audited(AuditActions.JobRetry, AuditTargets.Job);

        jobs.MapDelete("/{id:long}", DeleteAsync)
            .WithName("DeleteJob")
            .WithSummary("Delete a finished job with its logs")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(ApiPolicies.Operator)
            .Audited(AuditActions.JobDelete, AuditTargets.Job);

        return jobs;
    }

    private static async Task<IResult> CreateAsync(
        HttpRequest request, JsonBody body, IJobClient client, IJobQueries queries, IOptions<JobEngineOptions> options, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxArgumentsBytes;
        var (create, problem) = await body.ReadAsync<CreateJobBody>(request, (long)limit + EnvelopeBytes, whenEmpty: null, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (create!.ArgumentsBytes > limit)
        {
            return ApiProblems.TooLarge(limit);
        }

        var errors = new Dictionary<string, string[]>();
        var jobRequest = create.ToRequest(errors);
        if (jobRequest is null)
        {
            return ApiProblems.Validation(errors);
        }

        EnqueueResult enqueued;
        try
        {
            enqueued = await client.EnqueueAsync(jobRequest, cancellationToken);
        }
        catch (JobValidationException ex)
        {
            return ApiProblems.Validation(ex.Errors);
        }

        var details = await queries.GetAsync(enqueued.JobId, cancellationToken);
        if (details is null)
        {
            // Deleted between commit and read (retention or another user): it was created, so still say where.
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Job not found",
                detail: string.Create(CultureInfo.InvariantCulture, $"Job {enqueued.JobId} was created but is already gone."));
        }

        var location = Location(enqueued.JobId);
        var response = JobDetailsResponse.From(details);
        if (enqueued.Existing)
        {
            // The unique key matched a live job: nothing was created; answer with that job.
            request.HttpContext.Response.Headers.Location = location;
            return TypedResults.Ok(response);
        }

        return AuditedChange.Of(TypedResults.Created(location, response), AuditDetails.JobId(enqueued.JobId), AuditDetails.Enqueued(response.Type));
    }

    private static async Task<IResult> ListAsync(
        IJobQueries queries,
        string? status,
        string? type,
        string? queue,
        string? tag,
        string? q,
        string? cursor,
        string? limit,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var filter = ReadFilter(status, type, queue, tag, q, errors);
        var size = ReadLimit(limit, errors);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var page = await queries.ListAsync(filter, cursor, size, cancellationToken);
        return TypedResults.Ok(JobPageResponse.From(page));
    }

    private static async Task<IResult> GetAsync(long id, IJobQueries queries, IAuditLog audit, CancellationToken cancellationToken)
    {
        var details = await queries.GetAsync(id, cancellationToken);
        if (details is null)
        {
            return ApiProblems.JobNotFound(id);
        }

        var entries = await audit.ListForTargetAsync(AuditTargets.Job, AuditDetails.JobId(id), JobDetailsResponse.AuditLimit, cancellationToken);
        return TypedResults.Ok(JobDetailsResponse.From(details) with { Audit = AuditEntryResponse.Chronological(entries) });
    }

    private static async Task<IResult> CancelAsync(long id, HttpRequest request, JsonBody body, IJobClient client, CancellationToken cancellationToken)
    {
        var (cancel, problem) = await body.ReadAsync(request, EnvelopeBytes, new CancelJobBody(null), cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return ToResult(id, await client.CancelAsync(id, cancel!.Reason, cancellationToken), AuditDetails.Cancelled(cancel.Reason));
    }

    private static async Task<IResult> RetryAsync(long id, IJobClient client, CancellationToken cancellationToken) =>
        ToResult(id, await client.RetryAsync(id, cancellationToken));

    private static async Task<IResult> DeleteAsync(long id, IJobClient client, CancellationToken cancellationToken) =>
        ToResult(id, await client.DeleteAsync(id, cancellationToken), done: TypedResults.NoContent());

    /// <summary>The answer for an action on one job: 200 (or <paramref name="done"/>) marked as an audited change, 404, or 409 with the engine's reason.</summary>
    internal static IResult ToResult(long id, JobActionResult result, string? details = null, IResult? done = null) => result.Status switch
    {
        JobActionStatus.Done => AuditedChange.Of(done ?? TypedResults.Ok(new JobActionResponse(id, result.State, result.Reason)), AuditDetails.JobId(id), details),
        JobActionStatus.NotFound => ApiProblems.JobNotFound(id),
        _ => ApiProblems.Conflict(result.Reason),
    };

    /// <summary>The URL of one job.</summary>
    internal static string Location(long id) => string.Create(CultureInfo.InvariantCulture, $"/api/jobs/{id}");

    /// <summary>Reads the list filters; a state name that is not one goes to <paramref name="errors"/>.</summary>
    internal static JobFilter ReadFilter(string? status, string? type, string? queue, string? tag, string? q, Dictionary<string, string[]> errors)
    {
        JobState? state = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (JobStateText.TryParse(status, out var s))
            {
                state = s;
            }
            else
            {
                errors["status"] = [$"'{status}' is not a job state: use {JobStateText.Names}."];
            }
        }

        return new JobFilter
        {
            State = state,
            Type = NullIfBlank(type),
            Queue = NullIfBlank(queue),
            Tag = NullIfBlank(tag),
            Text = NullIfBlank(q),
        };
    }

    /// <summary>Reads a page size from 1 to <see cref="MaxLimit"/>; 50 when absent.</summary>
    internal static int ReadLimit(string? limit, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(limit))
        {
            return 50;
        }

        if (int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxLimit)
        {
            return n;
        }

        errors["limit"] = [$"'{limit}' is not a page size: use a whole number from 1 to {MaxLimit}."];
        return 50;
    }

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
