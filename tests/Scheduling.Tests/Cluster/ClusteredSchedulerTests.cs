using System.Globalization;
using Jobs.Model;
using Jobs.Scheduling.Model;
using Jobs.Scheduling.Tests.Fakes;

namespace Jobs.Scheduling.Tests.Cluster;

/// <summary>
/// Three scheduler nodes (hosts in this process) on one PostgreSQL database: Quartz runs clustered, so each fire time of a
/// schedule is enqueued exactly once across the nodes, and the schedules keep firing when nodes go away.
/// </summary>
/// <remarks>
/// Real time with a one-second schedule: a clustered Quartz store coordinates nodes through check-in rows and row locks
/// stamped with wall-clock time, which a fake clock shared by three schedulers would not exercise. Fires are counted by
/// each job's <c>scheduleFireTime</c>, so a slow machine changes how long the test takes, not what it asserts.
/// </remarks>
public sealed class ClusteredSchedulerTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly List<TempDirectory> _dirs = [];

    [Fact]
    public async Task ThreeNodes_EnqueueEachFireTimeExactlyOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestPostgres.CreateAsync();
        var fires = new FireCounter();
        var nodes = await StartNodesAsync(database, fires, 3);
        try
        {
            await nodes[0].Schedules.CreateAsync(EverySecond("tick"), ct);
            await fires.WaitForAsync(8, Timeout);
            await nodes[1].Schedules.PauseAsync("tick", ct);

            var fireTimes = await FireTimesAsync(nodes[2], "tick");
            Assert.True(fireTimes.Count >= 8, $"expected at least 8 runs, found {fireTimes.Count}");
            AssertEachFireTimeOnceAndNoneMissing(fireTimes);
        }
        finally
        {
            await StopAsync(nodes);
        }
    }

    [Fact]
    public async Task NodesThatGoAway_HandTheirSchedulesToTheRemainingNode()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestPostgres.CreateAsync();
        var fires = new FireCounter();
        var nodes = await StartNodesAsync(database, fires, 3);
        try
        {
            await nodes[0].Schedules.CreateAsync(EverySecond("handover"), ct);
            await fires.WaitForAsync(3, Timeout);

            // The node that created the schedule and one more leave; the third has to take every fire from here on.
            await nodes[0].DisposeAsync();
            await nodes[1].DisposeAsync();
            var before = (await FireTimesAsync(nodes[2], "handover")).Count;
            await nodes[2].Fires.WaitForAsync(fires.ByName.Values.Sum() + 4, Timeout);
            await nodes[2].Schedules.PauseAsync("handover", ct);

            var fireTimes = await FireTimesAsync(nodes[2], "handover");
            Assert.True(fireTimes.Count >= before + 4, $"expected the remaining node to add at least 4 runs to {before}, found {fireTimes.Count}");
            AssertEachFireTimeOnceAndNoneMissing(fireTimes);
        }
        finally
        {
            await nodes[2].DisposeAsync();
        }
    }

    public void Dispose()
    {
        foreach (var dir in _dirs)
        {
            dir.Dispose();
        }
    }

    private static ScheduleDefinition EverySecond(string name) => new()
    {
        Name = name,
        JobType = TestJob.Name,
        Every = "1s",
        Overlap = ScheduleOverlapPolicy.Allow,
    };

    private async Task<SchedulingTestHost[]> StartNodesAsync(TestPostgres database, FireCounter fires, int count)
    {
        var nodes = new SchedulingTestHost[count];
        for (var i = 0; i < count; i++)
        {
            var dir = new TempDirectory();
            _dirs.Add(dir);
            nodes[i] = await SchedulingTestHost.StartAsync(dir.Path, TimeProvider.System, new Dictionary<string, string?>
            {
                ["ConnectionStrings:Jobs"] = database.ConnectionString,
                ["JobEngine:NodeName"] = "node-" + i.ToString(CultureInfo.InvariantCulture),
                ["Scheduling:ClusterCheckinInterval"] = "00:00:01",
            }, fires: fires);
        }

        return nodes;
    }

    private static async Task StopAsync(IEnumerable<SchedulingTestHost> nodes)
    {
        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }
    }

    /// <summary>The <c>scheduleFireTime</c> of every job the schedule enqueued, in order.</summary>
    private static async Task<List<DateTimeOffset>> FireTimesAsync(SchedulingTestHost node, string schedule)
    {
        var ct = TestContext.Current.CancellationToken;
        var page = await node.Queries.ListAsync(new JobFilter { Tag = "schedule:" + schedule }, limit: 500, cancellationToken: ct);
        var times = new List<DateTimeOffset>();
        foreach (var item in page.Items)
        {
            var job = await node.Queries.GetAsync(item.Id, ct);
            Assert.NotNull(job);
            times.Add(DateTimeOffset.Parse(job.Metadata["scheduleFireTime"], CultureInfo.InvariantCulture));
        }

        times.Sort();
        return times;
    }

    private static void AssertEachFireTimeOnceAndNoneMissing(List<DateTimeOffset> fireTimes)
    {
        var duplicates = fireTimes.GroupBy(t => t).Where(g => g.Count() > 1).Select(g => g.Key.ToString("O", CultureInfo.InvariantCulture)).ToList();
        Assert.True(duplicates.Count == 0, "fire times enqueued more than once: " + string.Join(", ", duplicates));
        for (var i = 1; i < fireTimes.Count; i++)
        {
            Assert.Equal(TimeSpan.FromSeconds(1), fireTimes[i] - fireTimes[i - 1]);
        }
    }
}
