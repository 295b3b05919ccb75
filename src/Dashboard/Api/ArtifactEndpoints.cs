using Jobs.BuiltIn.Artifacts;
using Microsoft.AspNetCore.StaticFiles;

namespace Jobs.Dashboard.Api;

/// <summary>Lists and serves the artifacts jobs produce (row sets, HTML reports) from <c>&lt;data&gt;/artifacts/&lt;jobId&gt;/</c>.</summary>
internal static class ArtifactEndpoints
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = CreateContentTypes();

    /// <summary>Maps <c>GET /api/jobs/{id}/artifacts</c> (the list) and <c>GET /api/jobs/{id}/artifacts/{name}</c> (one file; <c>?download=true</c> as an attachment).</summary>
    /// <remarks>Only plain file names inside the job's own folder are served, so a name cannot reach outside it.</remarks>
    public static IEndpointRouteBuilder MapArtifactEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/api/jobs/{id:long}/artifacts").WithTags("Artifacts");
        group.MapGet("", (long id, ArtifactStore artifacts) => Results.Ok(artifacts.List(id)))
            .WithName("ListJobArtifacts");
        group.MapGet("{name}", (long id, string name, bool? download, ArtifactStore artifacts) =>
        {
            var path = artifacts.Find(id, name);
            if (path is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such artifact", detail: $"Job {id} has no artifact named '{name}'.");
            }

            if (!ContentTypes.TryGetContentType(name, out var contentType))
            {
                contentType = "application/octet-stream";
            }

            return Results.File(path, contentType, download == true ? name : null, enableRangeProcessing: true);
        }).WithName("GetJobArtifact");
        return endpoints;
    }

    private static FileExtensionContentTypeProvider CreateContentTypes()
    {
        var provider = new FileExtensionContentTypeProvider();
        provider.Mappings[".jsonl"] = "application/x-ndjson";
        return provider;
    }
}
