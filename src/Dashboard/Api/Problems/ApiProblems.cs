using System.Globalization;

namespace Jobs.Dashboard.Api.Problems;

/// <summary>The API's RFC 7807 answers, worded once so every route says the same thing for the same problem.</summary>
internal static class ApiProblems
{
    /// <summary>404 for an id that names no job.</summary>
    public static IResult JobNotFound(long id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Job not found",
        detail: string.Create(CultureInfo.InvariantCulture, $"No job has id {id}."));

    /// <summary>409 when the job's state does not allow the action; <paramref name="reason"/> says why.</summary>
    public static IResult Conflict(string? reason) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "The job's state does not allow this action",
        detail: reason);

    /// <summary>400 with a field-level <c>errors</c> map.</summary>
    public static IResult Validation(IReadOnlyDictionary<string, string[]> errors) => TypedResults.ValidationProblem(
        errors,
        title: "The request is invalid",
        detail: string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));

    /// <summary>400 with one field's error.</summary>
    public static IResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>400 for a body that is not JSON or does not fit the expected shape.</summary>
    public static IResult MalformedJson(string detail, string? field) => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "The request body is not valid JSON for this route",
        detail: detail,
        extensions: field is null ? null : new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [detail] } });

    /// <summary>413 for arguments (or a whole body) over the configured limit.</summary>
    public static IResult TooLarge(long limit) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "The job's arguments are too large",
        detail: string.Create(CultureInfo.InvariantCulture, $"The arguments exceed the limit of {limit} bytes (JobEngine:MaxArgumentsBytes)."));
}
