using Jobs.Dashboard.Auth;
using Jobs.Dashboard.Cli;
using Jobs.Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static Jobs.Dashboard.Tests.Cli.CliRunner;

namespace Jobs.Dashboard.Tests.Cli;

/// <summary>The changing <c>jobs</c> verbs record themselves in the audit log as <c>cli</c>, and <c>jobs show</c> prints a job's entries.</summary>
public sealed class CliAuditTests : IDisposable
{
    private readonly TempDirectory _data = new("jobs-cli-audit");

    public void Dispose() => _data.Dispose();

    private Task<CliResult> Run(params string[] args) => RunAsync(_data.Path, args);

    private async Task<IReadOnlyList<AuditEntry>> RecentAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Storage:DataDirectory", _data.Path)]).Build();
        await using var services = await AuthCliServices.StartAsync(configuration, TestContext.Current.CancellationToken);
        return await services.GetRequiredService<IAuditLog>().ListRecentAsync(cancellationToken: TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task EnqueueCancelRetry_AreShownByJobsShow_AsCli()
    {
        var enqueue = await Run("jobs", "enqueue", "noop", "--delay", "1h");
        Assert.True(enqueue.ExitCode == 0, enqueue.ToString());
        var id = enqueue.Out.Trim();

        var cancel = await Run("jobs", "cancel", id, "--reason", "not today");
        var cancelAgain = await Run("jobs", "cancel", id);
        var retry = await Run("jobs", "retry", id);
        var json = await Run("jobs", "show", id, "--json");
        var text = await Run("jobs", "show", id);

        Assert.True(cancel.ExitCode == 0, cancel.ToString());
        Assert.Equal(1, cancelAgain.ExitCode);
        Assert.True(retry.ExitCode == 0, retry.ToString());
        var audit = json.Json().GetProperty("audit").EnumerateArray()
            .Select(e => (e.GetProperty("action").GetString(), e.GetProperty("actor").GetString(), e.TryGetProperty("details", out var d) ? d.GetString() : null))
            .ToList();
        Assert.Equal(
            [
                (AuditActions.JobEnqueue, AuditActor.Cli, "type noop"),
                (AuditActions.JobCancel, AuditActor.Cli, "reason: not today"),
                (AuditActions.JobRetry, AuditActor.Cli, null),
            ],
            audit);
        Assert.Contains("job.cancel by cli: reason: not today", text.Out, StringComparison.Ordinal);
        Assert.Contains("job.retry by cli", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cleanup_IsRecordedWithTheCount_OnlyWhenItDeletesSomething()
    {
        var first = await Run("jobs", "enqueue", "noop", "--delay", "1h");
        var second = await Run("jobs", "enqueue", "noop", "--delay", "1h");
        Assert.Equal(0, (await Run("jobs", "cancel", first.Out.Trim())).ExitCode);
        Assert.Equal(0, (await Run("jobs", "cancel", second.Out.Trim())).ExitCode);

        var keep = await Run("jobs", "cleanup", "--retention-days", "30");
        var clean = await Run("jobs", "cleanup", "--retention-days", "0");
        var entries = await RecentAsync();

        Assert.True(keep.ExitCode == 0, keep.ToString());
        Assert.True(clean.ExitCode == 0, clean.ToString());
        var cleanup = Assert.Single(entries, e => e.Action == AuditActions.JobCleanup);
        Assert.Equal(AuditActor.Cli, cleanup.Actor);
        Assert.Equal(AuditTargets.Job, cleanup.TargetType);
        Assert.Null(cleanup.TargetId);
        Assert.Equal("deleted 2 finished jobs older than 0 days", cleanup.Details);
    }

    [Fact]
    public async Task BadInput_RecordsNothing()
    {
        var badArgs = await Run("jobs", "enqueue", "noop", "--args", "{not json");
        var unknownType = await Run("jobs", "enqueue", "no.such.type");
        var unknownJob = await Run("jobs", "retry", "424242");

        Assert.Equal(2, badArgs.ExitCode);
        Assert.Equal(2, unknownType.ExitCode);
        Assert.Equal(1, unknownJob.ExitCode);
        Assert.Empty(await RecentAsync());
    }

    [Fact]
    public async Task Show_PrintsOneAuditLine_ForAJobOnlyEnqueued()
    {
        var id = (await Run("jobs", "enqueue", "noop", "--delay", "1h")).Out.Trim();

        var text = await Run("jobs", "show", id);

        Assert.Equal(1, text.Out.Split('\n').Count(l => l.StartsWith("Audit", StringComparison.Ordinal)));
        Assert.Contains("job.enqueue by cli: type noop", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScheduleVerbs_AreRecordedAsCli_OnlyWhenTheyChangeSomething()
    {
        var add = await Run("schedules", "add", "--name", "nightly", "--job-type", "noop", "--every", "1d");
        var badAdd = await Run("schedules", "add", "--name", "broken", "--job-type", "noop", "--cron", "61 * * * *");
        var pause = await Run("schedules", "pause", "nightly");
        var resume = await Run("schedules", "resume", "nightly");
        var update = await Run("schedules", "update", "--name", "nightly", "--every", "2d");
        var trigger = await Run("schedules", "trigger", "nightly");
        var remove = await Run("schedules", "remove", "nightly");
        var removeAgain = await Run("schedules", "remove", "nightly");

        Assert.All(new[] { add, pause, resume, update, trigger, remove }, r => Assert.True(r.ExitCode == 0, r.ToString()));
        Assert.Equal(2, badAdd.ExitCode);
        Assert.Equal(1, removeAgain.ExitCode);
        var entries = (await RecentAsync()).Where(e => e.TargetType == AuditTargets.Schedule).Reverse().ToList();
        Assert.All(entries, e => Assert.Equal((AuditActor.Cli, "nightly"), (e.Actor, e.TargetId)));
        Assert.Equal(
            [AuditActions.ScheduleCreate, AuditActions.SchedulePause, AuditActions.ScheduleResume, AuditActions.ScheduleUpdate, AuditActions.ScheduleTrigger, AuditActions.ScheduleDelete],
            entries.Select(e => e.Action));
        Assert.StartsWith("job noop; ", entries[0].Details, StringComparison.Ordinal);
        Assert.Equal("job " + trigger.Out.Trim(), entries[4].Details);
    }
}
