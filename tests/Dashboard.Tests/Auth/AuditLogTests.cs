using Jobs.Dashboard.Auth;
using Jobs.Dashboard.Cli;
using Jobs.Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Dashboard.Tests.Auth;

public sealed class AuditLogTests : IDisposable
{
    private readonly TempDirectory _data = new("jobs-audit");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task ListForTarget_ReturnsThatTargetsEntriesNewestFirst()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = await StartAsync();
        var audit = services.GetRequiredService<IAuditLog>();

        await audit.RecordAsync(new AuditRecord("alice", AuditActions.JobCancel, AuditTargets.Job, "42"), ct);
        await audit.RecordAsync(new AuditRecord("apikey:ci", AuditActions.JobRetry, AuditTargets.Job, "43"), ct);
        await audit.RecordAsync(new AuditRecord("bob", AuditActions.JobRetry, AuditTargets.Job, "42", "from the dead-letter page"), ct);
        await audit.RecordAsync(new AuditRecord("bob", AuditActions.ScheduleUpdate, AuditTargets.Schedule, "42"), ct);

        var job42 = await audit.ListForTargetAsync(AuditTargets.Job, "42", cancellationToken: ct);
        var schedule = await audit.ListForTargetAsync(AuditTargets.Schedule, "42", cancellationToken: ct);
        var recent = await audit.ListRecentAsync(2, ct);

        Assert.Equal([("bob", AuditActions.JobRetry), ("alice", AuditActions.JobCancel)], job42.Select(e => (e.Actor, e.Action)));
        Assert.Equal("from the dead-letter page", job42[0].Details);
        Assert.True(job42[0].At >= job42[1].At);
        Assert.Equal(AuditActions.ScheduleUpdate, Assert.Single(schedule).Action);
        Assert.Equal([AuditActions.ScheduleUpdate, AuditActions.JobRetry], recent.Select(e => e.Action));
    }

    [Fact]
    public async Task Record_NamesTheSignedInPrincipal_WhenGivenAUser()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = await StartAsync();
        var audit = services.GetRequiredService<IAuditLog>();
        var user = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Name, "apikey:ci")], "ApiKey"));

        await audit.RecordAsync(user, AuditActions.DeadLetterPurge, AuditTargets.DeadLetter, null, "12 jobs", ct);

        var entry = Assert.Single(await audit.ListRecentAsync(10, ct));
        Assert.Equal(("apikey:ci", AuditActions.DeadLetterPurge, null, "12 jobs"), (entry.Actor, entry.Action, entry.TargetId, entry.Details));
    }

    [Fact]
    public async Task Record_Throws_WhenTheActorIsMissing()
    {
        await using var services = await StartAsync();

        await Assert.ThrowsAsync<ArgumentException>(() =>
            services.GetRequiredService<IAuditLog>().RecordAsync(new AuditRecord(" ", AuditActions.JobCancel, AuditTargets.Job, "1"), TestContext.Current.CancellationToken));
    }

    private Task<ServiceProvider> StartAsync() => AuthCliServices.StartAsync(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDirectory"] = _data.Path }).Build(),
        TestContext.Current.CancellationToken);
}
