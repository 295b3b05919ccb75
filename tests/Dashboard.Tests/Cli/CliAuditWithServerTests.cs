using System.Globalization;
using Jobs.Dashboard.Auth;
using Jobs.Dashboard.Tests.Fakes;
using Jobs.Dashboard.Tests.Infrastructure;
using Jobs.Model;
using Microsoft.Extensions.DependencyInjection;
using static Jobs.Dashboard.Tests.Cli.CliRunner;

namespace Jobs.Dashboard.Tests.Cli;

/// <summary><c>dlq retry</c> and <c>dlq purge</c> against a running server's data directory record themselves as <c>cli</c> with the count.</summary>
public sealed class CliAuditWithServerTests(ApiFactory server) : IClassFixture<ApiFactory>
{
    private Task<CliResult> Run(params string[] args) => RunAsync(server.DataDirectory, args);

    private async Task<long> DeadLetteredAsync()
    {
        using var client = server.CreateClient();
        var id = await ApiFactory.CreateAsync(client, new { type = FailingJob.Name });
        Assert.Equal(JobState.DeadLettered, await server.WaitFinishedAsync(id));
        return id;
    }

    [Fact]
    public async Task DlqRetryAndPurge_AreRecordedAsCli_WithIdsOrAllAndTheCount()
    {
        var a = await DeadLetteredAsync();
        var b = await DeadLetteredAsync();
        var audit = server.Services.GetRequiredService<IAuditLog>();

        var some = await Run("dlq", "retry", a.ToString(CultureInfo.InvariantCulture));
        Assert.True(some.ExitCode == 0, some.ToString());
        Assert.Equal(JobState.DeadLettered, await server.WaitFinishedAsync(a));
        var all = await Run("dlq", "retry", "--all");
        Assert.True(all.ExitCode == 0, all.ToString());
        Assert.Equal(JobState.DeadLettered, await server.WaitFinishedAsync(a));
        Assert.Equal(JobState.DeadLettered, await server.WaitFinishedAsync(b));
        var none = await Run("dlq", "purge", "--older-than", "7d");
        var purge = await Run("dlq", "purge");
        var entries = await audit.ListRecentAsync(cancellationToken: TestContext.Current.CancellationToken);
        var enqueued = await audit.ListForTargetAsync(AuditTargets.Job, a.ToString(CultureInfo.InvariantCulture), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Contains("Purged 0", none.Out, StringComparison.Ordinal);
        Assert.True(purge.ExitCode == 0, purge.ToString());
        Assert.Equal(
            [
                (AuditActions.DeadLetterRetry, AuditActor.Cli, $"requeued 1 of ids {a}"),
                (AuditActions.DeadLetterRetry, AuditActor.Cli, "requeued 2 (all)"),
                (AuditActions.DeadLetterPurge, AuditActor.Cli, "purged 2 (all)"),
            ],
            entries.Where(e => e.TargetType == AuditTargets.DeadLetter).Reverse().Select(e => (e.Action, e.Actor, e.Details)));
        // The job itself came through the API with sign-in off: the actor is the local-development user.
        var created = Assert.Single(enqueued);
        Assert.Equal((AuditActions.JobEnqueue, "local"), (created.Action, created.Actor));
    }
}
