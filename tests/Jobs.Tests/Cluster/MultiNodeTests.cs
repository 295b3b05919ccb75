using Jobs.Model;
using Jobs.Tests.Processing;

namespace Jobs.Tests.Cluster;

/// <summary>Several node processes on one PostgreSQL database: work shared, each job once, nothing lost when a node is killed, limits across nodes.</summary>
[Collection(CrashSafetyCollection.Name)]
public sealed class MultiNodeTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task ThreeNodes_RunTenThousandJobs_EachSucceedsOnce_AndShareTheWork()
    {
        const int count = 10_000;
        await using var cluster = await ClusterHarness.StartAsync();
        foreach (var name in new[] { "a", "b", "c" })
        {
            await cluster.StartNodeAsync(name, "--workers", "4", "--lease", "00:00:10");
        }

        // A fourth process only enqueues (like the CLI or an API node), so no node owns the work up front.
        var enqueuer = await cluster.StartNodeAsync("enqueuer", "--run-workers", "false", "--enqueue", $"{count}", "--enqueue-batch", "500");
        await enqueuer.WaitForEnqueuedAsync(count, Long);
        await cluster.WaitAsync(async () => await cluster.CountAsync(JobState.Succeeded) == count, $"{count} jobs succeeded", Long);

        Assert.Equal(count, await cluster.ScalarAsync<long>("SELECT count(*) FROM crash_completions"));
        // No node crashed, so no job started twice.
        Assert.Equal(count, await cluster.ScalarAsync<long>("SELECT count(*) FROM crash_starts"));
        Assert.Equal(0L, await cluster.ScalarAsync<long>("SELECT count(*) FROM (SELECT job_id FROM crash_starts GROUP BY job_id HAVING count(*) > 1) d"));
        var shares = await cluster.RowsAsync("SELECT node, count(*) FROM crash_completions GROUP BY node ORDER BY node");
        TestContext.Current.SendDiagnosticMessage($"work per node: {string.Join(", ", shares.Select(s => $"{s.Node}={s.Count}"))}");
        Assert.Equal(["a", "b", "c"], shares.Select(s => s.Node));
        Assert.All(shares, s => Assert.True(s.Count >= count / 20, $"node {s.Node} ran only {s.Count} of {count} jobs"));
        Assert.Equal(0, (await cluster.Observer.Queries.CountByStateAsync(TestContext.Current.CancellationToken)).Where(c => c.Key != JobState.Succeeded).Sum(c => c.Value));
    }

    [Fact]
    public async Task KilledNode_ItsJobsFinishOnTheOthers_AfterTheLeaseExpires_NothingLost()
    {
        const int count = 300;
        await using var cluster = await ClusterHarness.StartAsync();
        await cluster.StartNodeAsync("a", "--workers", "4", "--lease", "00:00:02");
        var victim = await cluster.StartNodeAsync("b", "--workers", "4", "--lease", "00:00:02");
        await cluster.StartNodeAsync("c", "--workers", "4", "--lease", "00:00:02");
        // Every first attempt holds 400 ms, so the victim is mid-job when it dies.
        var enqueuer = await cluster.StartNodeAsync("enqueuer", "--run-workers", "false", "--enqueue", $"{count}", "--enqueue-batch", "100", "--hold-ms", "400");
        await enqueuer.WaitForEnqueuedAsync(count, Long);
        await cluster.WaitAsync(
            async () => await cluster.ScalarAsync<long>("SELECT count(*) FROM crash_starts WHERE node = 'b' AND finished_at IS NULL") > 0
                && await cluster.ScalarAsync<long>("SELECT count(*) FROM crash_completions WHERE node = 'b'") > 0,
            "node b is running jobs", Long);

        await victim.KillAsync();
        var heldByVictim = await cluster.ScalarAsync<long>("SELECT count(*) FROM crash_starts s WHERE node = 'b' AND finished_at IS NULL");
        await cluster.WaitAsync(async () => await cluster.CountAsync(JobState.Succeeded) == count, $"{count} jobs succeeded after the kill", Long);

        Assert.True(heldByVictim > 0);
        Assert.Equal(count, await cluster.ScalarAsync<long>("SELECT count(*) FROM crash_completions"));
        // Re-runs only for jobs the victim had started (in flight at the kill: running, or done but its outcome not yet stored).
        Assert.Equal(0L, await cluster.ScalarAsync<long>("""
            SELECT count(*) FROM (SELECT job_id FROM crash_starts GROUP BY job_id HAVING count(*) > 1) twice
            WHERE NOT EXISTS (SELECT 1 FROM crash_starts s WHERE s.job_id = twice.job_id AND s.node = 'b')
            """));
        // Each job the victim was running when it died finished on another node.
        Assert.Equal(0L, await cluster.ScalarAsync<long>("""
            SELECT count(*) FROM crash_starts s WHERE s.node = 'b' AND s.finished_at IS NULL
                AND NOT EXISTS (SELECT 1 FROM crash_completions c WHERE c.job_id = s.job_id AND c.node <> 'b')
            """));
        // The store says why it ran again: the dead node's lease expired.
        var rerun = await cluster.ScalarAsync<long>("SELECT job_id FROM crash_starts WHERE node = 'b' AND finished_at IS NULL LIMIT 1");
        var details = await cluster.Observer.Queries.GetAsync(rerun, TestContext.Current.CancellationToken);
        Assert.Contains(details!.History, h => h.Reason?.Contains("expired", StringComparison.Ordinal) == true);
        Assert.False(details.Attempts[^1].Node?.StartsWith("b:", StringComparison.Ordinal), "the re-run finished on a live node");
    }

    [Fact]
    public async Task QueueLimit_HoldsAcrossNodes()
    {
        const int count = 24;
        await using var cluster = await ClusterHarness.StartAsync();
        foreach (var name in new[] { "a", "b", "c" })
        {
            await cluster.StartNodeAsync(name, "--workers", "4", "--queue-limit", "serial=1");
        }

        var enqueuer = await cluster.StartNodeAsync("enqueuer", "--run-workers", "false", "--queue-limit", "serial=1",
            "--enqueue", $"{count}", "--enqueue-batch", $"{count}", "--enqueue-queue", "serial", "--hold-ms", "100");
        await enqueuer.WaitForEnqueuedAsync(count, Long);
        await cluster.WaitAsync(async () => await cluster.CountAsync(JobState.Succeeded) == count, $"{count} serial jobs succeeded", Long);

        // The most attempts of the queue that ever ran at the same moment, from the handlers' own timestamps.
        var overlap = await cluster.ScalarAsync<long>("""
            SELECT max(n) FROM (
                SELECT (SELECT count(*) FROM crash_starts o WHERE o.started_at <= s.started_at AND o.finished_at > s.started_at) AS n
                FROM crash_starts s) x
            """);
        var nodes = await cluster.ScalarAsync<long>("SELECT count(DISTINCT node) FROM crash_starts");
        TestContext.Current.SendDiagnosticMessage($"serial queue: max overlap {overlap}, ran on {nodes} nodes");
        Assert.Equal(1L, overlap);
    }
}
