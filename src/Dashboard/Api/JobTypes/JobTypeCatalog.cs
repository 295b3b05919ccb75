using System.Text.Json;
using System.Text.Json.Schema;
using Jobs.Dashboard.Api.Contracts;
using Jobs.Handlers;

namespace Jobs.Dashboard.Api.JobTypes;

/// <summary>The registered job types with the JSON schema of their arguments: <c>GET /api/job-types</c> and <c>jobs types</c>.</summary>
/// <remarks>The schema is generated from each handler's argument type with the same serializer options the engine reads arguments with, so it describes exactly what the engine accepts.</remarks>
internal sealed class JobTypeCatalog(JobTypeRegistry registry)
{
    private readonly Lazy<IReadOnlyList<JobTypeResponse>> _types = new(() => Describe(registry));

    /// <summary>The types, ordered by name.</summary>
    public IReadOnlyList<JobTypeResponse> All => _types.Value;

    private static IReadOnlyList<JobTypeResponse> Describe(JobTypeRegistry registry) =>
    [
        .. registry.All.Select(t =>
        {
            var schema = JobTypeRegistry.SerializerOptions.GetJsonSchemaAsNode(t.ArgumentsType);
            using var doc = JsonDocument.Parse(schema.ToJsonString());
            return new JobTypeResponse(t.Name, doc.RootElement.Clone(), t.ResultType is not null);
        }),
    ];
}
