using Jobs.Model;
using Jobs.Scheduling.Execution;
using Jobs.Scheduling.Model;
using Jobs.Scheduling.Tests.Fakes;
using Jobs.Scheduling.Validation;
using Microsoft.Extensions.Time.Testing;

namespace Jobs.Scheduling.Tests.Services;

/// <summary>The schedule service against a real SQLite store and a real engine.</summary>
public sealed class ScheduleServiceTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Schedule_SurvivesARestart_AndFires()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(Now);
        // First process: a CLI-like host that only edits schedules (it does not fire them).
        await using (var cli = await SchedulingTestHost.StartAsync(_dir.Path, time, new Dictionary<string, string?> { ["Scheduling:RunScheduler"] = "false" }))
        {
            var created = await cli.Schedules.CreateAsync(new ScheduleDefinition
            {
                Name = "hourly-report",
                JobType = TestJob.Name,
                Arguments = """{"level":2}""",
                Every = "every 1h",
                Queue = "reports",
                Priority = JobPriority.High,
            }, ct);
            Assert.Equal(Now.AddHours(1), created.NextFireTime);
            Assert.Equal("every hour", created.Summary);
        }

        await using var server = await SchedulingTestHost.StartAsync(_dir.Path, time);
        var found = await server.Schedules.GetAsync("hourly-report", ct);
        Assert.NotNull(found);
        Assert.Equal(Now.AddHours(1), found.NextFireTime);

        time.Advance(TimeSpan.FromHours(1));
        await server.Fires.WaitForAsync(1, Timeout);

        var run = Assert.Single((await server.Queries.ListAsync(new JobFilter { Tag = "schedule:hourly-report" }, cancellationToken: ct)).Items);
        var job = await server.Queries.GetAsync(run.Id, ct);
        Assert.NotNull(job);
        Assert.Equal(TestJob.Name, job.Summary.Type);
        Assert.Equal("reports", job.Summary.Queue);
        Assert.Equal(JobPriority.High, job.Summary.Priority);
        Assert.Contains("schedule:hourly-report", job.Summary.Tags);
        Assert.Equal("hourly-report", job.Metadata["schedule"]);
        Assert.Equal("2026-11-25T11:00:00.000Z", job.Metadata["scheduleFireTime"]);
        Assert.Contains("\"level\":2", job.Arguments, StringComparison.Ordinal);

        var info = await server.Schedules.GetAsync("hourly-report", ct);
        Assert.Equal(Now.AddHours(1), info!.PreviousFireTime);
        Assert.Equal(Now.AddHours(2), info.NextFireTime);
        Assert.Equal(run.Id, info.LastRun!.JobId);
        Assert.Equal(run.Id, Assert.Single(await server.Schedules.RecentRunsAsync("hourly-report", 10, ct)).JobId);
    }

    [Fact]
    public async Task Misfire_AfterDowntime_EachPolicyEnqueuesWhatItSays()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(Now);
        await using (var first = await SchedulingTestHost.StartAsync(_dir.Path, time))
        {
            foreach (var (name, policy) in new[] { ("once", ScheduleMisfirePolicy.FireOnce), ("skip", ScheduleMisfirePolicy.Skip), ("all", ScheduleMisfirePolicy.FireAll) })
            {
                await first.Schedules.CreateAsync(new ScheduleDefinition
                {
                    Name = name,
                    JobType = TestJob.Name,
                    Every = "1h",
                    Misfire = policy,
                    MisfireCap = 2,
                    Overlap = ScheduleOverlapPolicy.Allow, // so that replayed fires are not skipped as overlaps
                }, ct);
            }
        }

        // Down from 10:00 to 13:30: the 11:00, 12:00 and 13:00 fires are missed.
        time.Advance(TimeSpan.FromHours(3.5));
        await using var second = await SchedulingTestHost.StartAsync(_dir.Path, time);

        // fire-once: one fire; fire-all: three replays, of which the cap lets the latest two enqueue.
        await second.Fires.WaitForAsync(4, Timeout);
        async Task<List<string>> FireTimes(string name)
        {
            var items = (await second.Queries.ListAsync(new JobFilter { Tag = "schedule:" + name }, cancellationToken: ct)).Items;
            var times = new List<string>();
            foreach (var item in items)
            {
                times.Add((await second.Queries.GetAsync(item.Id, ct))!.Metadata[ScheduleRunEnqueuer.FireTimeMetadataKey]);
            }

            return [.. times.Order(StringComparer.Ordinal)];
        }

        Assert.Single(await FireTimes("once"));
        Assert.Equal(["2026-11-25T12:00:00.000Z", "2026-11-25T13:00:00.000Z"], await FireTimes("all"));
        Assert.Empty(await FireTimes("skip"));
        Assert.Equal(Now.AddHours(4), (await second.Schedules.GetAsync("skip", ct))!.NextFireTime);
        Assert.Equal(Now.AddHours(4), (await second.Schedules.GetAsync("once", ct))!.NextFireTime);
        Assert.False(second.Fires.ByName.ContainsKey("skip"));
    }

    [Theory]
    [InlineData(ScheduleOverlapPolicy.Skip)]
    [InlineData(ScheduleOverlapPolicy.Queue)]
    [InlineData(ScheduleOverlapPolicy.Allow)]
    public async Task Overlap_WithARunStillRunning_FollowsThePolicy(ScheduleOverlapPolicy policy)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await SchedulingTestHost.StartAsync(_dir.Path, new FakeTimeProvider(Now), new Dictionary<string, string?> { ["JobEngine:RunWorkers"] = "true" });
        await host.Schedules.CreateAsync(new ScheduleDefinition { Name = "long", JobType = BlockingJob.Name, Every = "1h", Overlap = policy }, ct);
        var first = await host.Schedules.TriggerAsync("long", ct);
        Assert.False(first!.Skipped);
        Assert.Equal(first.JobId, await host.Gate.Started.Task.WaitAsync(Timeout, ct)); // the first run is running now

        var second = await host.Schedules.TriggerAsync("long", ct);

        var runs = (await host.Queries.ListAsync(new JobFilter { Tag = "schedule:long" }, cancellationToken: ct)).Items;
        switch (policy)
        {
            case ScheduleOverlapPolicy.Skip:
                Assert.True(second!.Skipped);
                Assert.Equal(first.JobId, second.JobId);
                Assert.Contains($"The previous run (job {first.JobId}) is still", second.Reason, StringComparison.Ordinal);
                Assert.Single(runs);
                break;
            case ScheduleOverlapPolicy.Queue:
                Assert.False(second!.Skipped);
                var queued = await host.Queries.GetAsync(second.JobId!.Value, ct);
                Assert.Equal(JobState.AwaitingDependencies, queued!.Summary.State);
                Assert.Equal(first.JobId, Assert.Single(queued.DependsOn).JobId);
                Assert.Equal(2, runs.Count);
                break;
            default:
                Assert.False(second!.Skipped);
                Assert.NotEqual(first.JobId, second.JobId);
                var allowed = await host.Queries.GetAsync(second.JobId!.Value, ct);
                Assert.Empty(allowed!.DependsOn);
                Assert.Equal(2, runs.Count);
                break;
        }
    }

    [Fact]
    public async Task PauseResumeUpdateDelete_ChangeTheStoredSchedule()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await SchedulingTestHost.StartAsync(_dir.Path, new FakeTimeProvider(Now));
        var s = host.Schedules;
        await s.CreateAsync(Schedules.Valid("daily"), ct);

        Assert.True(await s.PauseAsync("daily", ct));
        Assert.True((await s.GetAsync("daily", ct))!.Paused);

        var changed = Schedules.Valid("daily");
        changed.Cron = "0 10 * * *";
        changed.TimeZone = "Europe/Berlin";
        var updated = await s.UpdateAsync("daily", changed, ct);
        Assert.True(updated!.Paused); // an edit keeps the pause
        Assert.Equal("every day at 10:00 Europe/Berlin", updated.Summary);

        Assert.True(await s.ResumeAsync("daily", ct));
        var resumed = await s.GetAsync("daily", ct);
        Assert.False(resumed!.Paused);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero), resumed.NextFireTime);

        var renamed = Schedules.Valid("other");
        var ex = await Assert.ThrowsAsync<ScheduleValidationException>(() => s.UpdateAsync("daily", renamed, ct));
        Assert.True(ex.Errors.ContainsKey("name"));

        Assert.True(await s.DeleteAsync("daily", ct));
        Assert.Null(await s.GetAsync("daily", ct));
        Assert.False(await s.DeleteAsync("daily", ct));
        Assert.False(await s.PauseAsync("daily", ct));
        Assert.Null(await s.UpdateAsync("daily", Schedules.Valid("daily"), ct));
        Assert.Null(await s.TriggerAsync("daily", ct));
    }

    [Fact]
    public async Task Preview_ListsTheNextFireTimes()
    {
        await using var host = await SchedulingTestHost.StartAsync(_dir.Path, new FakeTimeProvider(Now));

        var times = host.Schedules.PreviewCron("0 9 * * *", "Europe/Berlin", 3);
        var interval = host.Schedules.Preview(new ScheduleDefinition { Every = "15m" }, 2);

        Assert.Equal(
            [new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 28, 8, 0, 0, TimeSpan.Zero)],
            times);
        Assert.Equal([Now.AddMinutes(15), Now.AddMinutes(30)], interval);
        Assert.Equal("every 15 minutes", host.Schedules.Describe(new ScheduleDefinition { Every = "every 15m" }));
    }

    [Fact]
    public async Task List_ShowsEachScheduleWithItsLastRun()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await SchedulingTestHost.StartAsync(_dir.Path, new FakeTimeProvider(Now));
        await host.Schedules.CreateAsync(Schedules.Valid("b-second"), ct);
        await host.Schedules.CreateAsync(Schedules.Valid("a-first"), ct);
        var fired = await host.Schedules.TriggerAsync("a-first", ct);

        var list = await host.Schedules.ListAsync(ct);

        Assert.Equal(["a-first", "b-second"], list.Select(i => i.Name));
        Assert.Equal(fired!.JobId, list[0].LastRun!.JobId);
        Assert.Equal(JobState.Enqueued, list[0].LastRun!.State);
        Assert.Null(list[1].LastRun);
        Assert.All(list, i => Assert.Equal(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero), i.NextFireTime));
        var job = await host.Queries.GetAsync(fired.JobId!.Value, ct);
        Assert.Equal("manual", job!.Metadata["scheduleTrigger"]);
    }
}
