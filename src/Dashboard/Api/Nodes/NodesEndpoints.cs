using Jobs.Client;
using Jobs.Model;

namespace Jobs.Dashboard.Api.Nodes;

/// <summary>The <c>/api/nodes</c> route: the engine processes that share the store, as their heartbeats describe them.</summary>
internal static class NodesEndpoints
{
    /// <summary>Maps the group under <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapNodes(this IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var nodes = api.MapGroup("/nodes").WithTags("Nodes");
        nodes.MapGet("/", ListAsync)
            .WithName("ListNodes")
            .WithSummary("Every node that has sent a heartbeat: name, host, process id, workers, jobs running, start, last heartbeat, and gone when the heartbeat stopped")
            .Produces<IReadOnlyList<NodeInfo>>()
            .RequireAuthorization(ApiPolicies.Viewer);
        return nodes;
    }

    private static async Task<IResult> ListAsync(IJobQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queries.ListNodesAsync(cancellationToken));
}
