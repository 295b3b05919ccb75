using Jobs.Dashboard.Api.Contracts;

namespace Jobs.Dashboard.Api.JobTypes;

/// <summary>The <c>/api/job-types</c> route: what can be enqueued, and with which arguments.</summary>
internal static class JobTypesEndpoints
{
    /// <summary>Maps the route under <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapJobTypes(this IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var types = api.MapGroup("/job-types").WithTags("Job types");
        types.MapGet("/", (JobTypeCatalog catalog) => TypedResults.Ok(catalog.All))
            .WithName("ListJobTypes")
            .WithSummary("The registered job types with the JSON schema of their arguments")
            .Produces<IReadOnlyList<JobTypeResponse>>()
            .RequireAuthorization(ApiPolicies.Viewer);
        return types;
    }
}
