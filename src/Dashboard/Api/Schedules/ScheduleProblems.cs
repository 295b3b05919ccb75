using Jobs.Dashboard.Api.Problems;
using Jobs.Scheduling.Validation;

namespace Jobs.Dashboard.Api.Schedules;

/// <summary>The schedule routes' problem details: 400 with the field map, 404 for an unknown name, 409 for a taken name or a skipped trigger.</summary>
internal static class ScheduleProblems
{
    /// <summary>404 for a name that names no schedule.</summary>
    public static IResult NotFound(string name) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Schedule not found",
        detail: $"No schedule is named '{name}'.");

    /// <summary>400 with the validator's field map, its keys as the body names them (<c>args</c>, not <c>arguments</c>).</summary>
    public static IResult Invalid(ScheduleValidationException invalid)
    {
        ArgumentNullException.ThrowIfNull(invalid);
        return ApiProblems.Validation(BodyFields(invalid));
    }

    /// <summary>409 for a create whose name is taken; the <c>errors</c> map still names the field, as a 400 would.</summary>
    /// <remarks>A conflict with existing state is 409 everywhere in this API (a job's state); a taken name is one too.</remarks>
    public static IResult Duplicate(string name, ScheduleValidationException invalid)
    {
        ArgumentNullException.ThrowIfNull(invalid);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "A schedule with this name already exists",
            detail: $"A schedule named '{name}' already exists; update it (PUT /api/schedules/{name}) or choose another name.",
            extensions: new Dictionary<string, object?> { ["errors"] = BodyFields(invalid) });
    }

    /// <summary>409 for a manual trigger that the overlap policy skipped; says why and which run is unfinished.</summary>
    public static IResult Skipped(string name, long? blockingJobId, string? reason) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "The schedule's overlap policy skipped this run",
        detail: reason ?? $"Schedule '{name}' has an unfinished run and its overlap policy is skip.",
        extensions: new Dictionary<string, object?> { ["schedule"] = name, ["jobId"] = blockingJobId });

    private static Dictionary<string, string[]> BodyFields(ScheduleValidationException invalid) => invalid.Errors.Count == 0
        ? new Dictionary<string, string[]>(StringComparer.Ordinal) { ["request"] = [invalid.Message] }
        : invalid.Errors.ToDictionary(e => e.Key == "arguments" ? "args" : e.Key, e => e.Value, StringComparer.Ordinal);
}
