using System.Globalization;
using Jobs.Dashboard.Api.Audit;
using Jobs.Dashboard.Api.Jobs;
using Jobs.Dashboard.Api.Problems;
using Jobs.Dashboard.Auth;
using Jobs.Scheduling.Model;
using Jobs.Scheduling.Services;
using Jobs.Scheduling.Validation;

namespace Jobs.Dashboard.Api.Schedules;

/// <summary>The <c>/api/schedules</c> routes: list, create, get, replace, delete, pause, resume, trigger, runs and a trigger preview.</summary>
/// <remarks>
/// The id in the URL is the schedule's name. Reads need <see cref="ApiPolicies.Viewer"/>, a manual trigger
/// <see cref="ApiPolicies.Operator"/>, and every edit (create, replace, delete, pause, resume) <see cref="ApiPolicies.Admin"/>.
/// Every change (create, replace, delete, pause, resume, trigger) is recorded in the audit log with the schedule's name
/// as target id (<see cref="AuditedEndpoints"/>). The routes call <see cref="IScheduleService"/> only, so they work the same whether this process fires schedules or not.
/// </remarks>
internal static class SchedulesEndpoints
{
    /// <summary>The largest body a create or replace reads: a definition plus its job arguments.</summary>
    internal const long MaxBodyBytes = 1024 * 1024 + JobsEndpoints.EnvelopeBytes;

    /// <summary>Maps the group under <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapSchedules(this IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var schedules = api.MapGroup("/schedules").WithTags("Schedules");

        schedules.MapGet("/", ListAsync)
            .WithName("ListSchedules")
            .WithSummary("All schedules by name, with next and previous fire times and the last run")
            .Produces<IReadOnlyList<ScheduleResponse>>()
            .RequireAuthorization(ApiPolicies.Viewer);

        // A literal segment outranks {id}: a schedule named "preview" is still reachable through PUT, DELETE and the actions.
        schedules.MapGet("/preview", Preview)
            .WithName("PreviewSchedule")
            .WithSummary("The next fire times of a cron expression (or an interval) in a time zone")
            .Produces<SchedulePreviewResponse>()
            .ProducesValidationProblem()
            .RequireAuthorization(ApiPolicies.Viewer);

        schedules.MapPost("/", CreateAsync)
            .WithName("CreateSchedule")
            .WithSummary("Create a schedule")
            .Accepts<ScheduleBody>("application/json")
            .Produces<ScheduleResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(ApiPolicies.Admin)
            .Audited(AuditActions.ScheduleCreate, AuditTargets.Schedule);

        schedules.MapGet("/{id}", GetAsync)
            .WithName("GetSchedule")
            .WithSummary("One schedule")
            .Produces<ScheduleResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(ApiPolicies.Viewer);

        schedules.MapPut("/{id}", UpdateAsync)
            .WithName("UpdateSchedule")
            .WithSummary("Replace a schedule's definition (it stays paused if it was)")
            .Accepts<ScheduleBody>("application/json")
            .Produces<ScheduleResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(ApiPolicies.Admin)
            .Audited(AuditActions.ScheduleUpdate, AuditTargets.Schedule);

        schedules.MapDelete("/{id}", DeleteAsync)
            .WithName("DeleteSchedule")
            .WithSummary("Delete a schedule; its past runs stay")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(ApiPolicies.Admin)
            .Audited(AuditActions.ScheduleDelete, AuditTargets.Schedule);

        schedules.MapPost("/{id}/pause", PauseAsync)
            .WithName("PauseSchedule")
            .WithSummary("Stop a schedule firing until resumed")
            .Produces<ScheduleResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(ApiPolicies.Admin)
            .Audited(AuditActions.SchedulePause, AuditTargets.Schedule);

        schedules.MapPost("/{id}/resume", ResumeAsync)
            .WithName("ResumeSchedule")
            .WithSummary("Let a paused schedule fire again; missed times follow its misfire policy")
            .Produces<ScheduleResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(ApiPolicies.Admin)
            .Audited(AuditActions.ScheduleResume, AuditTargets.Schedule);

        schedules.MapPost("/{id}/trigger", TriggerAsync)
            .WithName("TriggerSchedule")
            .WithSummary("Enqueue a run now, outside the timetable; 409 when the overlap policy skips it")
            .Produces<ScheduleTriggerResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(ApiPolicies.Operator)
            .Audited(AuditActions.ScheduleTrigger, AuditTargets.Schedule);

        schedules.MapGet("/{id}/runs", RunsAsync)
            .WithName("ListScheduleRuns")
            .WithSummary("A schedule's recent runs, newest first, with outcome and duration")
            .Produces<ScheduleRunsResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(ApiPolicies.Viewer);

        return schedules;
    }

    private static async Task<IResult> ListAsync(IScheduleService schedules, CancellationToken cancellationToken) =>
        TypedResults.Ok((await schedules.ListAsync(cancellationToken)).Select(ScheduleResponse.From).ToList());

    private static async Task<IResult> GetAsync(string id, IScheduleService schedules, CancellationToken cancellationToken) =>
        await schedules.GetAsync(id, cancellationToken) is { } info ? TypedResults.Ok(ScheduleResponse.From(info)) : ScheduleProblems.NotFound(id);

    private static async Task<IResult> CreateAsync(HttpRequest request, JsonBody body, IScheduleService schedules, CancellationToken cancellationToken)
    {
        var (create, problem) = await body.ReadAsync<ScheduleBody>(request, MaxBodyBytes, whenEmpty: null, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var definition = create!.ToDefinition();
        try
        {
            var info = await schedules.CreateAsync(definition, cancellationToken);
            return AuditedChange.Of(TypedResults.Created(Location(info.Name), ScheduleResponse.From(info)), info.Name, AuditDetails.Schedule(info.Definition.JobType, info.Summary));
        }
        catch (ScheduleValidationException ex)
        {
            // The service reports a taken name as an error on "name"; the name existing is what makes it a conflict.
            var name = definition.Name.Trim();
            return ex.Errors.ContainsKey("name") && name.Length > 0 && await schedules.GetAsync(name, cancellationToken) is not null
                ? ScheduleProblems.Duplicate(name, ex)
                : ScheduleProblems.Invalid(ex);
        }
    }

    private static async Task<IResult> UpdateAsync(string id, HttpRequest request, JsonBody body, IScheduleService schedules, CancellationToken cancellationToken)
    {
        var (update, problem) = await body.ReadAsync<ScheduleBody>(request, MaxBodyBytes, whenEmpty: null, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            return await schedules.UpdateAsync(id, update!.ToDefinition(), cancellationToken) is { } info
                ? AuditedChange.Of(TypedResults.Ok(ScheduleResponse.From(info)), info.Name, AuditDetails.Schedule(info.Definition.JobType, info.Summary))
                : ScheduleProblems.NotFound(id);
        }
        catch (ScheduleValidationException ex)
        {
            return ScheduleProblems.Invalid(ex);
        }
    }

    private static async Task<IResult> DeleteAsync(string id, IScheduleService schedules, CancellationToken cancellationToken) =>
        await schedules.DeleteAsync(id, cancellationToken) ? AuditedChange.Of(TypedResults.NoContent(), id) : ScheduleProblems.NotFound(id);

    private static async Task<IResult> PauseAsync(string id, IScheduleService schedules, CancellationToken cancellationToken) =>
        await schedules.PauseAsync(id, cancellationToken) ? AuditedChange.Of(await CurrentAsync(id, schedules, cancellationToken), id) : ScheduleProblems.NotFound(id);

    private static async Task<IResult> ResumeAsync(string id, IScheduleService schedules, CancellationToken cancellationToken) =>
        await schedules.ResumeAsync(id, cancellationToken) ? AuditedChange.Of(await CurrentAsync(id, schedules, cancellationToken), id) : ScheduleProblems.NotFound(id);

    private static async Task<IResult> TriggerAsync(string id, IScheduleService schedules, CancellationToken cancellationToken)
    {
        var outcome = await schedules.TriggerAsync(id, cancellationToken);
        return outcome switch
        {
            null => ScheduleProblems.NotFound(id),
            { Skipped: true } => ScheduleProblems.Skipped(id, outcome.JobId, outcome.Reason),
            { JobId: { } jobId } => AuditedChange.Of(TypedResults.Ok(new ScheduleTriggerResponse(id, jobId)), id, AuditDetails.Triggered(jobId)),
            _ => throw new InvalidOperationException($"Schedule '{id}' reported a run that was neither enqueued nor skipped."),
        };
    }

    private static async Task<IResult> RunsAsync(string id, string? limit, IScheduleService schedules, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var size = ReadRunsLimit(limit, errors);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var runs = await schedules.RecentRunsAsync(id, size, cancellationToken);
        // A deleted schedule's runs stay listed; a name that never ran and names nothing is unknown.
        if (runs.Count == 0 && await schedules.GetAsync(id, cancellationToken) is null)
        {
            return ScheduleProblems.NotFound(id);
        }

        return TypedResults.Ok(new ScheduleRunsResponse(id, [.. runs.Select(ScheduleRunResponse.From)]));
    }

    private static IResult Preview(string? cron, string? every, string? timeZone, string? count, IScheduleService schedules)
    {
        var errors = new Dictionary<string, string[]>();
        var n = ReadCount(count, errors);
        if (string.IsNullOrWhiteSpace(cron) == string.IsNullOrWhiteSpace(every))
        {
            errors["cron"] = ["Give a cron expression (cron=) or an interval (every=), not both."];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var definition = new ScheduleDefinition { Cron = NullIfBlank(cron), Every = NullIfBlank(every), TimeZone = NullIfBlank(timeZone) };
        try
        {
            var times = definition.Cron is { } expression ? schedules.PreviewCron(expression, definition.TimeZone, n) : schedules.Preview(definition, n);
            return TypedResults.Ok(new SchedulePreviewResponse(schedules.Describe(definition), definition.TimeZone ?? "UTC", times));
        }
        catch (ScheduleValidationException ex)
        {
            return ScheduleProblems.Invalid(ex);
        }
    }

    private static async Task<IResult> CurrentAsync(string id, IScheduleService schedules, CancellationToken cancellationToken) =>
        await schedules.GetAsync(id, cancellationToken) is { } info ? TypedResults.Ok(ScheduleResponse.From(info)) : ScheduleProblems.NotFound(id);

    /// <summary>The URL of one schedule.</summary>
    internal static string Location(string name) => "/api/schedules/" + Uri.EscapeDataString(name);

    private static int ReadCount(string? count, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(count))
        {
            return 10;
        }

        if (int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 100)
        {
            return n;
        }

        errors["count"] = [$"'{count}' is not a count: use a whole number from 1 to 100."];
        return 10;
    }

    private static int ReadRunsLimit(string? limit, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(limit))
        {
            return 20;
        }

        if (int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 500)
        {
            return n;
        }

        errors["limit"] = [$"'{limit}' is not a page size: use a whole number from 1 to 500."];
        return 20;
    }

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
