using Jobs.Client;
using Microsoft.AspNetCore.Diagnostics;

namespace Jobs.Dashboard.Api.Problems;

/// <summary>Turns the engine's <see cref="JobValidationException"/> into a 400 problem with the field-level <c>errors</c> map.</summary>
/// <remarks>
/// The engine validates deep down (a cursor it never issued, a dependency on a missing job); catching its one
/// validation exception here keeps every route's handler free of the same try/catch.
/// </remarks>
internal sealed class JobValidationExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is not JobValidationException invalid)
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
        var errors = invalid.Errors.Count > 0 ? invalid.Errors : new Dictionary<string, string[]> { ["request"] = [invalid.Message] };
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request is invalid",
                Detail = invalid.Message,
            },
        });
    }
}
