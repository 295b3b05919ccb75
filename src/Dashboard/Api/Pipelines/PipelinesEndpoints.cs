using Jobs.BuiltIn.Pipeline;
using Jobs.Client;
using Jobs.Configuration;
using Jobs.Dashboard.Api.Audit;
using Jobs.Dashboard.Api.Jobs;
using Jobs.Dashboard.Api.Problems;
using Jobs.Dashboard.Auth;
using Microsoft.Extensions.Options;

namespace Jobs.Dashboard.Api.Pipelines;

/// <summary>The <c>/api/pipelines</c> route: a pipeline document in, one job per step (with dependencies) out.</summary>
/// <remarks>
/// The document is the one <see cref="PipelineSubmitter"/> takes, so the REST API, the CLI (<c>pipelines submit</c>)
/// and code submit the same JSON and get the same field-level errors (<c>steps[1].dependsOn</c>).
/// </remarks>
internal static class PipelinesEndpoints
{
    /// <summary>Maps the group under <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapPipelines(this IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var pipelines = api.MapGroup("/pipelines").WithTags("Pipelines");
        pipelines.MapPost("/", SubmitAsync)
            .WithName("SubmitPipeline")
            .WithSummary("Submit a pipeline: its steps become jobs that depend on each other, enqueued all or none")
            .Accepts<PipelineDefinition>("application/json")
            .Produces<PipelineSubmission>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .RequireAuthorization(ApiPolicies.Operator)
            .Audited(AuditActions.PipelineSubmit, AuditTargets.Pipeline);
        return pipelines;
    }

    private static async Task<IResult> SubmitAsync(
        HttpRequest request, JsonBody body, PipelineSubmitter submitter, IOptions<JobEngineOptions> options, CancellationToken cancellationToken)
    {
        // The whole document is held to one job's argument limit plus room for the step envelopes.
        var limit = (long)options.Value.MaxArgumentsBytes + JobsEndpoints.EnvelopeBytes;
        var (pipeline, problem) = await body.ReadAsync<PipelineDefinition>(request, limit, whenEmpty: null, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        PipelineSubmission submission;
        try
        {
            submission = await submitter.SubmitAsync(pipeline!, cancellationToken);
        }
        catch (JobValidationException ex)
        {
            return ApiProblems.Validation(ex.Errors);
        }

        // The first step is where the chain starts; its job page shows the whole chain.
        var location = JobsEndpoints.Location(submission.Steps[0].JobId);
        return AuditedChange.Of(TypedResults.Created(location, submission), submission.Name, AuditDetails.PipelineSubmitted(submission));
    }
}
