using System.Net;
using Jobs.Dashboard.Tests.Infrastructure;
using static Jobs.Dashboard.Tests.Api.ApiTestHttp;

namespace Jobs.Dashboard.Tests.Api;

/// <summary><c>GET /api/nodes</c> against the real app: the serving process is a node with a live heartbeat.</summary>
public sealed class NodesApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task ListNodes_ShowsThisProcess_AsALiveNode()
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(Url("/api/nodes"), Ct);
        var nodes = await JsonAsync(response, HttpStatusCode.OK);

        var self = Assert.Single(nodes.EnumerateArray(), n => n.GetProperty("processId").GetInt32() == Environment.ProcessId);
        Assert.False(self.GetProperty("gone").GetBoolean());
        Assert.Equal(Environment.MachineName, self.GetProperty("host").GetString());
        Assert.True(self.GetProperty("workers").GetInt32() > 0);
        Assert.True(self.TryGetProperty("lastHeartbeat", out _));
    }
}
