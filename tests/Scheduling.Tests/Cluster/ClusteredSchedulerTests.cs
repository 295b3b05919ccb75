using System.Globalization;
using Jobs.Model;
using Jobs.Scheduling.Model;
using Jobs.Scheduling.Tests.Fakes;

namespace Jobs.Scheduling.Tests.Cluster;

/// <summary>
/// Three scheduler nodes (hosts in this process) on one PostgreSQL database: Quartz runs clustered, so each fire time of a
/// schedule is enqueued exactly once across the nodes, and a node cut off from the database hands its schedules on.
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
    public async Task NodeCutOffWhileHoldingTheNextFire_HandsTheScheduleToTheOthers()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestPostgres.CreateAsync();
        var fires = new FireCounter();
        var nodes = await StartNodesAsync(database, fires, 3, ownLogins: true);
        var dead = -1;
        try
        {
            await nodes[0].Schedules.CreateAsync(EverySecond("handover"), ct);
            await fires.WaitForAsync(3, Timeout);

            // Quartz acquires a trigger up to a second before it is due. Cut off the node holding the next fire: it cannot
            // fire it, release it or check in again, so only the cluster's recovery of a dead instance moves it on.
            var ids = new List<string>();
            foreach (var node in nodes)
            {
                ids.Add(await node.SchedulerInstanceIdAsync());
            }

            var holder = await WaitForAcquiredTriggerAsync(database);
            dead = ids.IndexOf(holder);
            Assert.True(dead >= 0, $"the trigger is held by {holder}, none of this test's nodes ({string.Join(", ", ids)})");
            var cutAt = TimeProvider.System.GetUtcNow();
            await database.CutOffAsync(NodeName(dead));

            var survivor = nodes[(dead + 1) % nodes.Length];
            await WaitUntilAsync(async () => (await FireTimesAsync(survivor, "handover")).LastOrDefault() >= cutAt.AddSeconds(4), "the surviving nodes fire the schedule again");
            await survivor.Schedules.PauseAsync("handover", ct);

            AssertEachFireTimeOnceAndNoneMissing(await FireTimesAsync(survivor, "handover"));
        }
        finally
        {
            for (var i = 0; i < nodes.Length; i++)
            {
                if (i == dead)
                {
                    // A node cut off from its database cannot shut down cleanly (its store waits for it); give the
                    // login back first, as a recovered network would, then stop it like the others.
                    await database.RestoreAsync(NodeName(i));
                }

                await nodes[i].DisposeAsync().AsTask().WaitAsync(Timeout, CancellationToken.None);
            }
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

    private static string NodeName(int i) => "node-" + i.ToString(CultureInfo.InvariantCulture);

    /// <summary>The Quartz instance that holds an acquired (not yet fired) trigger.</summary>
    private static async Task<string> WaitForAcquiredTriggerAsync(TestPostgres database)
    {
        string? holder = null;
        await WaitUntilAsync(async () =>
        {
            await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new Npgsql.NpgsqlCommand("SELECT instance_name FROM qrtz_fired_triggers WHERE state = 'ACQUIRED' LIMIT 1", connection);
            holder = await command.ExecuteScalarAsync(TestContext.Current.CancellationToken) as string;
            return holder is not null;
        }, "a node acquires the next fire");
        return holder!;
    }

    /// <summary>Re-checks a database condition every 50 ms until it holds; fails after <see cref="Timeout"/>.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = TimeProvider.System.GetUtcNow() + Timeout;
        while (!await condition())
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"timed out waiting until {what}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    private async Task<SchedulingTestHost[]> StartNodesAsync(TestPostgres database, FireCounter fires, int count, bool ownLogins = false)
    {
        var nodes = new SchedulingTestHost[count];
        for (var i = 0; i < count; i++)
        {
            var dir = new TempDirectory();
            _dirs.Add(dir);
            nodes[i] = await SchedulingTestHost.StartAsync(dir.Path, TimeProvider.System, new Dictionary<string, string?>
            {
                ["ConnectionStrings:Jobs"] = ownLogins ? await database.LoginAsync(NodeName(i)) : database.ConnectionString,
                ["JobEngine:NodeName"] = NodeName(i),
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
