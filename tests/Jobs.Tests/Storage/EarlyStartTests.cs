using Jobs.Model;
using Jobs.Processing;
using Jobs.Retries;
using Jobs.Storage;
using Jobs.Tests.Fakes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Tests.Storage;

/// <summary>Early starts on SQLite: a plain job may run before its insert commits, and a job that ended first is written once, final.</summary>
public sealed class EarlyStartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PlainJob_StartsWhileItsInsertWaits_AndIsStoredWithItsWholeHistory()
    {
        await using var engine = await TestEngine.StartAsync();
        await engine.WaitForStateAsync((await engine.EnqueueAsync("record", new NameArgs("first"))).JobId, JobState.Succeeded);

        // Another connection holds the write lock: the engine's insert has to wait for it.
        await using var blocker = new SqliteConnection($"Data Source={Path.Combine(engine.Directory, "jobs.db")};Pooling=False");
        await blocker.OpenAsync(Ct);
        await using (var begin = blocker.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync(Ct);
        }

        var enqueue = engine.EnqueueAsync("gate", new GateArgs("early"));
        await engine.Probe.StartedSignal("early").Task.WaitAsync(TimeSpan.FromSeconds(15), Ct);
        Assert.False(enqueue.IsCompleted, "The enqueue returned before its insert could commit.");
        engine.Probe.Gate("early").TrySetResult();

        await using (var commit = blocker.CreateCommand())
        {
            commit.CommandText = "COMMIT";
            await commit.ExecuteNonQueryAsync(Ct);
        }

        var id = (await enqueue).JobId;
        var job = await engine.WaitForStateAsync(id, JobState.Succeeded);
        Assert.Equal([JobState.Enqueued, JobState.Processing, JobState.Succeeded], job.History.Select(h => h.State));
        Assert.True(job.History[0].At <= job.History[1].At && job.History[1].At <= job.History[2].At, "The history is out of order.");
        var attempt = Assert.Single(job.Attempts);
        Assert.Equal(JobState.Succeeded, attempt.Outcome);
        Assert.Equal(1, job.Summary.Attempt);
        Assert.Equal(1.0, job.Summary.Progress?.Fraction);
        Assert.True(job.Summary.CreatedAt <= job.Summary.StartedAt, "Created after it started.");
        var counts = await engine.Queries.CountByStateAsync(Ct);
        Assert.Equal(2, counts[JobState.Succeeded]);
        Assert.Equal(2, counts.Values.Sum());
    }

    [Fact]
    public async Task Insert_OfAJobThatAlreadySucceeded_WritesOneFinalRow_AndCountsItOnce()
    {
        await using var engine = await TestEngine.StartAsync(new() { ["JobEngine:RunWorkers"] = "false" });
        var store = engine.Host.Services.GetRequiredService<IJobStore>();
        var (job, early) = Finished(900_001, new JobOutcome { State = JobState.Succeeded, AtMs = Ms(5), Result = "{\"n\":1}" });

        await store.InsertAsync([job], "node-a", Ms(30_000), Ct);

        Assert.Equal(900_001, job.Id);
        Assert.True(early.Stored.IsCompletedSuccessfully);
        var stored = (await engine.Queries.GetAsync(job.Id, Ct))!;
        Assert.Equal(JobState.Succeeded, stored.Summary.State);
        Assert.Equal("{\"n\":1}", stored.Result);
        Assert.Equal(TestEngine.Start.AddMilliseconds(5), stored.Summary.FinishedAt);
        Assert.Equal(TestEngine.Start.AddMilliseconds(1), stored.Summary.StartedAt);
        Assert.Equal(TestEngine.Start, stored.Summary.CreatedAt);
        Assert.Equal(["early"], stored.Summary.Tags);
        Assert.Null(stored.Owner);
        Assert.Equal([JobState.Enqueued, JobState.Processing, JobState.Succeeded], stored.History.Select(h => h.State));
        Assert.Equal(JobState.Succeeded, Assert.Single(stored.Attempts).Outcome);
        var counts = await engine.Queries.CountByStateAsync(Ct);
        Assert.Equal(1, counts[JobState.Succeeded]);
        Assert.Equal(1, counts.Values.Sum());
        Assert.Single((await engine.Queries.ListAsync(new JobFilter { Tag = "early" }, cancellationToken: Ct)).Items);
    }

    [Fact]
    public async Task Insert_OfAJobWhoseFirstAttemptFailed_StoresItFailed_AndTheClaimTakesItWhenItsRetryIsDue()
    {
        await using var engine = await TestEngine.StartAsync(new() { ["JobEngine:RunWorkers"] = "false" });
        var store = engine.Host.Services.GetRequiredService<IJobStore>();
        var retryAt = Ms(60_000);
        var (job, _) = Finished(900_002, new JobOutcome
        {
            State = JobState.Failed,
            AtMs = Ms(5),
            RunAtMs = retryAt,
            RetryCount = 1,
            Error = new JobError("System.TimeoutException", "upstream timed out", null, true),
            Reason = "Retry 1 of 3 in 00:01:00.",
        });

        await store.InsertAsync([job], "node-a", Ms(30_000), Ct);

        var stored = (await engine.Queries.GetAsync(job.Id, Ct))!;
        Assert.Equal(JobState.Failed, stored.Summary.State);
        Assert.Equal("upstream timed out", stored.Summary.LastErrorMessage);
        Assert.Null(stored.Summary.FinishedAt);
        Assert.Empty(await store.ClaimAsync("node-b", Ms(90_000), 10, Ct));
        engine.Time.Advance(TimeSpan.FromMinutes(1));
        var claimed = Assert.Single(await store.ClaimAsync("node-b", retryAt + 30_000, 10, Ct));
        Assert.Equal(job.Id, claimed.Id);
        Assert.Equal(1, claimed.RetryCount);
    }

    [Fact]
    public async Task Ids_FollowEnqueueOrder_AndAnotherProcessesInsertNeverTakesAReservedOne()
    {
        await using var engine = await TestEngine.StartAsync();
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await engine.EnqueueAsync("gate", new GateArgs($"g{i}"))).JobId);
        }

        Assert.Equal(ids.Order(), ids);
        Assert.Equal(5, ids.Distinct().Count());

        // A second process on the same file (the CLI): its ids come after every id this node reserved.
        await using var cli = await TestEngine.StartAsync(new() { ["JobEngine:RunWorkers"] = "false" }, directory: engine.Directory);
        var fromCli = (await cli.EnqueueAsync("record", new NameArgs("cli"))).JobId;
        var next = (await engine.EnqueueAsync("gate", new GateArgs("after"))).JobId;
        Assert.True(fromCli > ids[^1], $"The CLI's job {fromCli} took an id at or below this node's {ids[^1]}.");
        Assert.NotEqual(fromCli, next);
        foreach (var name in new[] { "g0", "g1", "g2", "g3", "g4", "after" })
        {
            engine.Probe.Gate(name).TrySetResult();
        }
    }

    private static long Ms(long offset) => TestEngine.Start.ToUnixTimeMilliseconds() + offset;

    /// <summary>A job with a reserved id whose worker finished before its insert ran: enqueued at +0, started at +1 ms.</summary>
    private static (NewJob Job, EarlyStart Early) Finished(long id, JobOutcome outcome)
    {
        var early = new EarlyStart();
        var ticket = new JobTicket
        {
            Id = id, Type = "record", Queue = "default", Priority = JobPriority.Normal, Attempt = 1, RetryCount = 0,
            Retry = new RetryPolicy(3, TimeSpan.FromMinutes(1), 2, false, TimeSpan.FromHours(1)), LeaseVersion = 1, StartedAtMs = Ms(1), CreatedAtMs = Ms(0),
        };
        Assert.True(early.TryFinish(ticket, outcome, OutcomeJson.For(ticket, outcome, "node-a")));
        var job = new NewJob
        {
            Type = "record", Queue = "default", Priority = JobPriority.Normal, Arguments = "{\"name\":\"x\"}", MaxRetries = 3,
            RetryDelayMs = 60_000, RetryBackoff = 2, RetryJitter = false, Tags = ["early"], OwnLocally = true,
            ReservedId = id, EarlyStart = early,
        };
        return (job, early);
    }
}
