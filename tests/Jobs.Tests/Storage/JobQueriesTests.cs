using Jobs.Client;
using Jobs.Model;
using Jobs.Tests.Fakes;

namespace Jobs.Tests.Storage;

/// <summary>Part of the store suite: runs on every store (see <see cref="StoreBackend"/>).</summary>
public abstract class JobQueriesTests(StoreBackend store)
{
    private static async Task<List<long>> SeedAsync(TestEngine engine)
    {
        // Delayed, so they stay put while the test pages through them.
        var ids = new List<long>();
        for (var i = 0; i < 7; i++)
        {
            var result = await engine.EnqueueAsync(i % 2 == 0 ? "record" : "progress", new NameArgs($"needle-{i}"), r => r with
            {
                Delay = TimeSpan.FromHours(1),
                Queue = i < 3 ? "reports" : "default",
                Tags = i % 3 == 0 ? ["nightly"] : ["adhoc"],
            });
            ids.Add(result.JobId);
        }

        return ids;
    }

    [Fact]
    public async Task List_PagesNewestFirst_WithACursor_UntilTheLastPage()
    {
        await using var engine = await TestEngine.StartOnAsync(store);
        var ids = await SeedAsync(engine);
        var seen = new List<long>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await engine.Queries.ListAsync(new JobFilter(), cursor, limit: 3, TestContext.Current.CancellationToken);
            seen.AddRange(page.Items.Select(j => j.Id));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(ids), seen);
    }

    [Fact]
    public async Task List_AppliesEachFilter()
    {
        await using var engine = await TestEngine.StartOnAsync(store);
        var ids = await SeedAsync(engine);
        var done = (await engine.EnqueueAsync("record", new NameArgs("done"))).JobId;
        await engine.WaitForStateAsync(done, JobState.Succeeded);
        async Task<long[]> Ids(JobFilter filter, int limit = 50) =>
            [.. (await engine.Queries.ListAsync(filter, null, limit, TestContext.Current.CancellationToken)).Items.Select(j => j.Id)];

        Assert.Equal([done], await Ids(new JobFilter { State = JobState.Succeeded }));
        Assert.Equal(Enumerable.Reverse(ids), await Ids(new JobFilter { State = JobState.Scheduled }));
        Assert.Equal([ids[5], ids[3], ids[1]], await Ids(new JobFilter { Type = "progress" }));
        Assert.Equal([ids[2], ids[1], ids[0]], await Ids(new JobFilter { Queue = "reports" }));
        Assert.Equal([ids[6], ids[3], ids[0]], await Ids(new JobFilter { Tag = "nightly" }));
        Assert.Equal([ids[3]], await Ids(new JobFilter { Tag = "nightly", Type = "progress" }));
        Assert.Equal([ids[4]], await Ids(new JobFilter { Text = "needle-4" }));
        Assert.Equal([ids[2]], await Ids(new JobFilter { Text = ids[2].ToString(System.Globalization.CultureInfo.InvariantCulture), Queue = "reports" }));
    }

    [Fact]
    public async Task List_PagesOldestFirst_WithACursor_WhenAsked()
    {
        await using var engine = await TestEngine.StartAsync();
        var ids = await SeedAsync(engine);
        var ct = TestContext.Current.CancellationToken;

        var first = await engine.Queries.ListAsync(new JobFilter { OldestFirst = true }, null, 4, ct);
        var second = await engine.Queries.ListAsync(new JobFilter { OldestFirst = true }, first.NextCursor, 4, ct);
        var tagged = await engine.Queries.ListAsync(new JobFilter { Tag = "nightly", OldestFirst = true }, null, 2, ct);
        var taggedNext = await engine.Queries.ListAsync(new JobFilter { Tag = "nightly", OldestFirst = true }, tagged.NextCursor, 2, ct);

        Assert.Equal(ids.Take(4), first.Items.Select(j => j.Id));
        Assert.Equal(ids.Skip(4), second.Items.Select(j => j.Id));
        Assert.Null(second.NextCursor);
        Assert.Equal([ids[0], ids[3]], tagged.Items.Select(j => j.Id));
        Assert.Equal([ids[6]], taggedNext.Items.Select(j => j.Id));
    }

    [Fact]
    public async Task QueueOverview_CountsReadyJobsPerQueue_AndTheOldestReady()
    {
        await using var engine = await TestEngine.StartAsync(new() { ["JobEngine:RunWorkers"] = "false" });
        var ct = TestContext.Current.CancellationToken;
        var oldest = await engine.EnqueueAsync("record", new NameArgs("a1"), r => r with { Queue = "alpha" });
        engine.Time.Advance(TimeSpan.FromMinutes(5));
        await engine.EnqueueAsync("record", new NameArgs("a2"), r => r with { Queue = "alpha" });
        await engine.EnqueueAsync("record", new NameArgs("b1"), r => r with { Queue = "beta" });
        await engine.EnqueueAsync("record", new NameArgs("later"), r => r with { Queue = "beta", Delay = TimeSpan.FromHours(1) });
        var cancelled = await engine.EnqueueAsync("record", new NameArgs("gone"), r => r with { Queue = "gamma" });
        await engine.Client.CancelAsync(cancelled.JobId, cancellationToken: ct);

        var overview = await engine.Queries.GetQueueOverviewAsync(engine.Time.GetUtcNow().AddHours(-1), ct);

        Assert.Equal(new Dictionary<string, long> { ["alpha"] = 2, ["beta"] = 1 }, overview.ReadyByQueue);
        Assert.Equal((await engine.Queries.GetAsync(oldest.JobId, ct))!.Summary.CreatedAt, overview.OldestReadySince);
        Assert.Equal(1, overview.CancelledSince);
        Assert.Equal(0, overview.SucceededSince);
        Assert.Equal(0, overview.DeadLetteredSince);
    }

    [Fact]
    public async Task QueueOverview_CountsOutcomesInTheWindowOnly()
    {
        await using var engine = await TestEngine.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var done = await engine.EnqueueAsync("record", new NameArgs("ok"));
        var failed = await engine.EnqueueAsync("throw", new ThrowArgs("permanent"));
        await engine.WaitForStateAsync(done.JobId, JobState.Succeeded);
        await engine.WaitForStateAsync(failed.JobId, JobState.DeadLettered);
        var now = engine.Time.GetUtcNow();

        var lastHour = await engine.Queries.GetQueueOverviewAsync(now.AddHours(-1), ct);
        var fromLater = await engine.Queries.GetQueueOverviewAsync(now.AddMinutes(1), ct);

        Assert.Equal((1, 1), (lastHour.SucceededSince, lastHour.DeadLetteredSince));
        Assert.Equal((0, 0), (fromLater.SucceededSince, fromLater.DeadLetteredSince));
        Assert.Empty(lastHour.ReadyByQueue);
        Assert.Null(lastHour.OldestReadySince);
    }

    [Fact]
    public async Task List_PagesByTag_WithACursor()
    {
        await using var engine = await TestEngine.StartOnAsync(store);
        var ids = await SeedAsync(engine);
        var first = await engine.Queries.ListAsync(new JobFilter { Tag = "adhoc" }, null, 2, TestContext.Current.CancellationToken);
        var second = await engine.Queries.ListAsync(new JobFilter { Tag = "adhoc" }, first.NextCursor, 2, TestContext.Current.CancellationToken);
        Assert.Equal([ids[5], ids[4]], first.Items.Select(j => j.Id));
        Assert.Equal([ids[2], ids[1]], second.Items.Select(j => j.Id));
        Assert.Null(second.NextCursor);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-5")]
    [InlineData("0")]
    public async Task List_Throws_ForACursorThisServerDidNotIssue(string cursor)
    {
        await using var engine = await TestEngine.StartOnAsync(store);
        var error = await Assert.ThrowsAsync<JobValidationException>(() => engine.Queries.ListAsync(new JobFilter(), cursor, 10, TestContext.Current.CancellationToken));
        Assert.True(error.Errors.ContainsKey("cursor"));
    }
}

public sealed class JobQueriesTestsOnSqlite() : JobQueriesTests(StoreBackend.Sqlite);

public sealed class JobQueriesTestsOnPostgres() : JobQueriesTests(StoreBackend.Postgres);
