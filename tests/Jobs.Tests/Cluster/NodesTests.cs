using System.Diagnostics;
using Jobs.Events;
using Jobs.Model;
using Jobs.Tests.Fakes;

namespace Jobs.Tests.Cluster;

/// <summary>Two engines in this process on one PostgreSQL database: what crosses between nodes (wake-ups, events, unique keys, the nodes table).</summary>
public sealed class NodesTests
{
    private static async Task<(TestEngine Worker, TestEngine Other, string Directory)> StartPairAsync(Dictionary<string, string?>? worker = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "jobs-tests", "pair-" + Guid.NewGuid().ToString("N"));
        var a = await TestEngine.StartOnAsync(StoreBackend.Postgres, new(worker ?? []) { ["JobEngine:NodeName"] = "a" }, directory);
        var b = await TestEngine.StartOnAsync(StoreBackend.Postgres, new() { ["JobEngine:NodeName"] = "b", ["JobEngine:RunWorkers"] = "false" }, directory);
        return (a, b, directory);
    }

    private static async Task StopAsync(TestEngine a, TestEngine b, string directory)
    {
        await b.DisposeAsync();
        await a.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(TestPostgres.DatabaseName(directory));
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task EnqueueOnOneNode_WakesAnIdleWorkerOnAnother_WithoutPolling()
    {
        // The worker's poll interval is an hour, and its clock never moves: only a notification can wake it.
        var (a, b, directory) = await StartPairAsync(new() { ["JobEngine:ExternalChangePollInterval"] = "01:00:00" });
        try
        {
            var latencies = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                var watch = Stopwatch.StartNew();
                var id = (await b.EnqueueAsync("gate", new GateArgs($"wake-{i}"))).JobId;
                await a.Probe.StartedSignal($"wake-{i}").Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
                latencies.Add(watch.Elapsed.TotalMilliseconds);
                a.Probe.Gate($"wake-{i}").TrySetResult();
                await a.WaitForStateAsync(id, JobState.Succeeded);
            }

            TestContext.Current.SendDiagnosticMessage($"cross-node wake-up (enqueue on b to start on a), ms: {string.Join(", ", latencies.Select(l => l.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))}");
        }
        finally
        {
            await StopAsync(a, b, directory);
        }
    }

    [Fact]
    public async Task BatchEnqueuedOnABusyNode_RunsOnAnIdleOne()
    {
        var directory = Path.Combine(Path.GetTempPath(), "jobs-tests", "busy-" + Guid.NewGuid().ToString("N"));
        await using var busy = await TestEngine.StartOnAsync(StoreBackend.Postgres, new() { ["JobEngine:NodeName"] = "busy", ["JobEngine:Workers"] = "1" }, directory);
        await using var idle = await TestEngine.StartOnAsync(StoreBackend.Postgres, new() { ["JobEngine:NodeName"] = "idle" }, directory);
        try
        {
            var blocker = (await busy.EnqueueAsync("gate", new GateArgs("blocker"))).JobId;
            await busy.Probe.StartedSignal("blocker").Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            var batch = await busy.Client.EnqueueBatchAsync(
                [.. Enumerable.Range(0, 40).Select(i => new JobRequest { Type = "record", Arguments = $$"""{"name":"r{{i}}"}""" })],
                TestContext.Current.CancellationToken);

            // The busy node holds at most two low-water marks (16 kept at enqueue, 16 from a claim that may race it), so
            // at least 8 of the 40 are the idle node's at once, while the busy node's only worker is still blocked.
            await TestEngine.WaitUntilAsync(() => Task.FromResult(idle.Probe.Runs.Count >= 8), "the idle node runs jobs the busy node enqueued", TimeSpan.FromSeconds(15));
            Assert.DoesNotContain(busy.Probe.Runs, r => r != "blocker");

            busy.Probe.Gate("blocker").TrySetResult();
            await busy.WaitForStateAsync(blocker, JobState.Succeeded);
            foreach (var id in batch.Select(r => r.JobId))
            {
                await idle.WaitForStateAsync(id, JobState.Succeeded);
            }
        }
        finally
        {
            busy.Probe.Gate("blocker").TrySetResult();
            await idle.DisposeAsync();
            await busy.DisposeAsync();
            await TestPostgres.DropDatabaseAsync(TestPostgres.DatabaseName(directory));
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task JobRunningOnOneNode_ShowsItsProgressAndEndOnAnother()
    {
        var (a, b, directory) = await StartPairAsync();
        try
        {
            var seen = new List<JobEvent>();
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var progressSeen = false;
            long id = 0;
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var subscription = b.Events.Subscribe(async batch =>
            {
                await ready.Task;
                foreach (var e in batch.Events.Where(e => e.JobId == id))
                {
                    lock (seen)
                    {
                        seen.Add(e);
                        progressSeen |= e.Progress is { } p && p.Fraction > 0;
                    }

                    if (e.State == JobState.Succeeded)
                    {
                        done.TrySetResult();
                    }
                }
            });
            id = (await b.EnqueueAsync("progress", new ProgressArgs(3))).JobId;
            ready.TrySetResult();
            await done.Task.WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);
            Assert.True(progressSeen);
            var details = await a.Queries.GetAsync(id, TestContext.Current.CancellationToken);
            Assert.StartsWith("a:", details!.Attempts.Single().Node, StringComparison.Ordinal);
        }
        finally
        {
            await StopAsync(a, b, directory);
        }
    }

    [Fact]
    public async Task UniqueKey_HoldsWhenTwoNodesEnqueueItAtOnce()
    {
        var (a, b, directory) = await StartPairAsync();
        try
        {
            for (var i = 0; i < 20; i++)
            {
                var key = $"report-{i}";
                JobRequest Delayed(JobRequest r) => r with { UniqueKey = key, Delay = TimeSpan.FromHours(1) };
                var results = await Task.WhenAll(a.EnqueueAsync("record", new NameArgs("a"), Delayed), b.EnqueueAsync("record", new NameArgs("b"), Delayed));
                Assert.Equal(results[0].JobId, results[1].JobId);
            }

            Assert.Equal(20, (await a.Queries.CountByStateAsync(TestContext.Current.CancellationToken))[JobState.Scheduled]);
        }
        finally
        {
            await StopAsync(a, b, directory);
        }
    }

    [Fact]
    public async Task NodesTable_ListsEveryNode_MarksOneGoneWhenItsHeartbeatStops_AndForgetsOneThatStopped()
    {
        var (a, b, directory) = await StartPairAsync();
        try
        {
            // b runs no workers (like the CLI): it reads the table but is no node in it. a's first heartbeat is written as it starts.
            await TestEngine.WaitUntilAsync(async () => (await b.Queries.ListNodesAsync(TestContext.Current.CancellationToken)).Count > 0, "a's first heartbeat");
            var nodes = await b.Queries.ListNodesAsync(TestContext.Current.CancellationToken);
            Assert.Equal(["a"], nodes.Select(n => n.Name));
            Assert.All(nodes, n => Assert.False(n.Gone));
            Assert.Equal(4, nodes[0].Workers);
            Assert.Equal(Environment.ProcessId, nodes[0].ProcessId);

            // No heartbeat for longer than the lease (30 s by default), as seen from b's clock.
            b.Time.Advance(TimeSpan.FromSeconds(31));
            nodes = await b.Queries.ListNodesAsync(TestContext.Current.CancellationToken);
            Assert.True(nodes.Single(n => n.Name == "a").Gone);

            await a.StopAsync();
            await TestEngine.WaitUntilAsync(async () => (await b.Queries.ListNodesAsync(TestContext.Current.CancellationToken)).All(n => n.Name != "a"), "a's row removed on its graceful stop");
        }
        finally
        {
            await StopAsync(a, b, directory);
        }
    }
}
