using Bunit;
using Jobs.Dashboard.Components.Nodes;
using Jobs.Dashboard.Tests.Fakes;
using Jobs.Model;

namespace Jobs.Dashboard.Tests.Components;

public sealed class NodesPageTests : DashboardComponentTest
{
    [Fact]
    public void Render_ShowsProgressBar_WhileTheStoreAnswers()
    {
        Queries.Hang = true;

        var page = Render<NodesPage>();

        Assert.NotNull(page.Find("#nodes-loading .mud-progress-linear"));
    }

    [Fact]
    public void Render_ShowsError_WhenTheStoreFails()
    {
        Queries.Failure = FakeJobQueries.StoreDown();

        var page = Render<NodesPage>();

        Assert.Contains("database is locked", page.Find("#nodes-error").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SaysSo_WhenNoNodeHasSentAHeartbeat()
    {
        var page = Render<NodesPage>();

        Assert.Equal("No node has sent a heartbeat yet.", page.Find("#nodes-empty").TextContent);
    }

    [Fact]
    public void Render_ListsNodes_LiveOnesFirst_AndMarksAGoneOneWithAChip()
    {
        Queries.Nodes.Add(Node("b-node", gone: true, running: 0, heartbeatAgo: TimeSpan.FromMinutes(5)));
        Queries.Nodes.Add(Node("a-node", gone: false, running: 3, heartbeatAgo: TimeSpan.FromSeconds(2)));

        var page = Render<NodesPage>();

        var rows = page.FindAll("#nodes-table tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Equal("a-node", rows[0].QuerySelector(".node-name")!.TextContent);
        Assert.Equal("3", rows[0].QuerySelector(".node-running")!.TextContent);
        Assert.NotNull(rows[0].QuerySelector(".node-alive"));
        Assert.Null(rows[0].QuerySelector(".node-gone"));
        Assert.Contains("2 s ago", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("b-node", rows[1].QuerySelector(".node-name")!.TextContent);
        Assert.Equal("gone", rows[1].QuerySelector(".node-gone")!.TextContent.Trim());
    }

    [Fact]
    public void Refresh_ShowsANodeThatJoinedAfterTheFirstRead()
    {
        var page = Render<NodesPage>();
        page.WaitForElement("#nodes-empty");

        Queries.Nodes.Add(Node("late", gone: false, running: 1, heartbeatAgo: TimeSpan.Zero));
        Time.Advance(NodesPage.Refresh);

        page.WaitForAssertion(() => Assert.Equal("late", page.Find("#nodes-table .node-name").TextContent), TimeSpan.FromSeconds(10));
    }

    private NodeInfo Node(string name, bool gone, int running, TimeSpan heartbeatAgo) => new()
    {
        Owner = $"{name}:42:abc",
        Name = name,
        Host = "machine-1",
        ProcessId = 42,
        Workers = 4,
        Running = running,
        StartedAt = Now.AddHours(-1),
        LastHeartbeat = Time.GetUtcNow() - heartbeatAgo,
        Gone = gone,
    };
}
