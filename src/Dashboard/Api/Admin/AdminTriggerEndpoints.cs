using System.Globalization;
using Jobs.Dashboard.Api.Problems;
using Microsoft.Extensions.Options;

namespace Jobs.Dashboard.Api.Admin;

/// <summary><c>POST /admin/run-jobs</c>: the APScheduler seed's manual trigger, kept to its exact contract.</summary>
/// <remarks>
/// It has its own key (<c>x-api-key</c> against <c>ADMIN_API_KEY</c>/<c>Admin:ApiKey</c>) because scripts written for the
/// seed send exactly that; with no key configured the route does not exist (404), so it is never open by accident.
/// </remarks>
internal static class AdminTriggerEndpoints
{
    /// <summary>The header the key travels in.</summary>
    public const string ApiKeyHeader = "x-api-key";

    /// <summary>Maps the route.</summary>
    public static RouteHandlerBuilder MapAdminTrigger(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapPost("/admin/run-jobs", RunAsync)
            .WithName("AdminRunJobs")
            .WithTags("Admin")
            .WithSummary("Run the etl and heatmap tasks now and return their results (header x-api-key)")
            .Accepts<RunJobsBody>(isOptional: true, "application/json")
            .Produces<RunJobsResponse>()
            .Produces<RunJobsResponse>(StatusCodes.Status500InternalServerError)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem()
            // Its own key check below; the sign-in policies do not apply to the seed's script contract.
            .AllowAnonymous();
    }

    private static async Task<IResult> RunAsync(
        HttpContext context, JsonBody body, AdminTaskRunner runner, TimeProvider time, IOptions<AdminTriggerOptions> options, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrEmpty(settings.ApiKey))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found",
                detail: "The admin trigger is disabled: no ADMIN_API_KEY (or Admin:ApiKey) is configured.");
        }

        if (!AdminApiKey.Matches(settings.ApiKey, context.Request.Headers[ApiKeyHeader].ToString()))
        {
            context.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{ApiKeyHeader}\"";
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: $"Send the admin API key in the {ApiKeyHeader} header.");
        }

        var (request, problem) = await body.ReadAsync(context.Request, 64 * 1024, new RunJobsBody(null, null, null), cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        var tasks = request!.Tasks ?? AdminTaskRunner.Tasks;
        var unknown = tasks.Where(t => !AdminTaskRunner.Tasks.Contains(t, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0 || tasks.Count == 0)
        {
            errors["tasks"] = [$"Tasks are {string.Join(" and ", AdminTaskRunner.Tasks)}{(unknown.Count > 0 ? $"; unknown: {string.Join(", ", unknown)}" : "; none were given")}."];
        }

        var levels = request.Levels ?? settings.DefaultLevels;
        if (levels.Count == 0 || levels.Any(string.IsNullOrWhiteSpace))
        {
            errors["levels"] = ["Levels must be a non-empty list of non-blank values, for example [\"1\",\"2\"]."];
        }

        var date = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (request.Date is not null && !DateOnly.TryParseExact(request.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            errors["date"] = [$"'{request.Date}' is not a date: use YYYY-MM-DD."];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var results = new List<RunJobsTaskResult>(tasks.Count);
        foreach (var task in tasks)
        {
            results.Add(await runner.RunAsync(task, levels, date, cancellationToken));
        }

        var ok = results.TrueForAll(r => r.Status == "ok");
        var response = new RunJobsResponse(ok ? "ok" : "error", results);
        return ok ? TypedResults.Ok(response) : TypedResults.Json(response, statusCode: StatusCodes.Status500InternalServerError);
    }
}
