using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jobs.Dashboard.Api.Audit;
using Jobs.Dashboard.Auth;
using Jobs.Dashboard.Tests.Fakes;
using Jobs.Dashboard.Tests.Infrastructure;
using Jobs.Model;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static Jobs.Dashboard.Tests.Api.ApiTestHttp;

namespace Jobs.Dashboard.Tests.Api;

/// <summary>Changes through the REST API land in the audit log with who (user or key) and when, and show on the job.</summary>
public sealed class JobAuditTests(AuthApiFactory app) : IClassFixture<AuthApiFactory>
{
    private static string Job(long id, string suffix = "") => string.Create(CultureInfo.InvariantCulture, $"/api/jobs/{id}{suffix}");

    private static IEnumerable<(string? Action, string? Actor, string? Details)> Entries(JsonElement entries) =>
        entries.EnumerateArray().Select(e => (
            e.GetProperty("action").GetString(),
            e.GetProperty("actor").GetString(),
            e.TryGetProperty("details", out var d) ? d.GetString() : null));

    [Fact]
    public async Task JobChanges_AreShownOnTheJob_WithTheUserOrKeyThatMadeThem()
    {
        using var operatorCookie = app.Client(JobsRoles.Operator, Credential.Cookie);
        using var operatorKey = app.Client(JobsRoles.Operator, Credential.Bearer);
        using var adminKey = app.Client(JobsRoles.Admin, Credential.XApiKey);
        using var viewer = app.Client(JobsRoles.Viewer, Credential.Cookie);
        var clock = app.Services.GetRequiredService<TimeProvider>();
        var before = clock.GetUtcNow();

        var id = await ApiFactory.CreateAsync(operatorCookie, new { type = "noop", delay = "1d" });
        using (var cancel = await operatorKey.PostAsJsonAsync(Url(Job(id, "/cancel")), new { reason = "wrong day" }, Ct))
        {
            await JsonAsync(cancel, HttpStatusCode.OK);
        }

        using (var retry = await adminKey.PostAsync(Url(Job(id, "/retry")), null, Ct))
        {
            await JsonAsync(retry, HttpStatusCode.OK);
        }

        Assert.Equal(JobState.Succeeded, await app.WaitFinishedAsync(id));
        using var shown = await viewer.GetAsync(Url(Job(id)), Ct);
        var job = await JsonAsync(shown, HttpStatusCode.OK);
        using var deleted = await operatorCookie.DeleteAsync(Url(Job(id)), Ct);
        var afterDelete = await viewer.GetFromJsonAsync<JsonElement>(Url($"/api/audit?targetType=job&targetId={id}"), Ct);

        var audit = job.GetProperty("audit");
        Assert.Equal(
            [
                (AuditActions.JobEnqueue, "operator-user", "type noop"),
                (AuditActions.JobCancel, "apikey:operator-key", "reason: wrong day"),
                (AuditActions.JobRetry, "apikey:admin-key", null),
            ],
            Entries(audit));
        var times = audit.EnumerateArray().Select(e => e.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.All(times, t => Assert.InRange(t, before.AddSeconds(-1), clock.GetUtcNow().AddSeconds(1)));
        Assert.Equal(times.Order(), times);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        // Newest first here: the delete outlives the job it removed.
        Assert.Equal((AuditActions.JobDelete, "operator-user", null), Entries(afterDelete).First());
    }

    [Fact]
    public async Task RefusedOrEmptyChanges_RecordNothing()
    {
        using var operatorKey = app.Client(JobsRoles.Operator, Credential.XApiKey);
        using var viewer = app.Client(JobsRoles.Viewer, Credential.XApiKey);
        var id = await ApiFactory.CreateAsync(operatorKey, new { type = "noop", delay = "1d", uniqueKey = "audit-once" });

        using var forbidden = await viewer.PostAsync(Url(Job(id, "/cancel")), null, Ct);
        using var conflict = await operatorKey.DeleteAsync(Url(Job(id)), Ct);
        using var notFound = await operatorKey.PostAsync(Url(Job(987654321, "/retry")), null, Ct);
        using var badBody = await operatorKey.PostAsync(Url(Job(id, "/cancel")), RawJson("{\"reason\":"), Ct);
        using var existing = await operatorKey.PostAsJsonAsync(Url("/api/jobs"), new { type = "noop", delay = "1d", uniqueKey = "audit-once" }, Ct);
        var job = await viewer.GetFromJsonAsync<JsonElement>(Url(Job(id)), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badBody.StatusCode);
        Assert.Equal(id, (await JsonAsync(existing, HttpStatusCode.OK)).GetProperty("id").GetInt64());
        Assert.Equal([(AuditActions.JobEnqueue, "apikey:operator-key", "type noop")], Entries(job.GetProperty("audit")));
    }

    [Fact]
    public async Task DeadLetterRetryAndPurge_AreRecordedWithIdsOrAllAndTheCount()
    {
        using var operatorCookie = app.Client(JobsRoles.Operator, Credential.Cookie);
        using var operatorKey = app.Client(JobsRoles.Operator, Credential.Bearer);
        using var viewer = app.Client(JobsRoles.Viewer, Credential.Bearer);
        var a = await ApiFactory.CreateAsync(operatorKey, new { type = FailingJob.Name });
        var b = await ApiFactory.CreateAsync(operatorKey, new { type = FailingJob.Name });
        Assert.Equal(JobState.DeadLettered, await app.WaitFinishedAsync(a));
        Assert.Equal(JobState.DeadLettered, await app.WaitFinishedAsync(b));

        using (var some = await operatorCookie.PostAsJsonAsync(Url("/api/dead-letter/retry"), new { ids = new[] { a, 987654321 } }, Ct))
        {
            Assert.Equal(1, (await JsonAsync(some, HttpStatusCode.OK)).GetProperty("count").GetInt32());
        }

        Assert.Equal(JobState.DeadLettered, await app.WaitFinishedAsync(a));
        using (var all = await operatorKey.PostAsJsonAsync(Url("/api/dead-letter/retry"), new { all = true }, Ct))
        {
            Assert.Equal(2, (await JsonAsync(all, HttpStatusCode.OK)).GetProperty("count").GetInt32());
        }

        Assert.Equal(JobState.DeadLettered, await app.WaitFinishedAsync(a));
        Assert.Equal(JobState.DeadLettered, await app.WaitFinishedAsync(b));
        using var none = await operatorKey.DeleteAsync(Url("/api/dead-letter?olderThan=7d"), Ct);
        using var purge = await operatorCookie.DeleteAsync(Url("/api/dead-letter"), Ct);
        var recent = await viewer.GetFromJsonAsync<JsonElement>(Url("/api/audit?limit=1000"), Ct);

        Assert.Equal(0, (await JsonAsync(none, HttpStatusCode.OK)).GetProperty("count").GetInt32());
        Assert.Equal(2, (await JsonAsync(purge, HttpStatusCode.OK)).GetProperty("count").GetInt32());
        var deadLetter = recent.EnumerateArray()
            .Where(e => e.GetProperty("targetType").GetString() == AuditTargets.DeadLetter)
            .Select(e => (e.GetProperty("action").GetString(), e.GetProperty("actor").GetString(), e.GetProperty("details").GetString()))
            .Reverse();
        Assert.Equal(
            [
                (AuditActions.DeadLetterRetry, "operator-user", $"requeued 1 of ids {a}, 987654321"),
                (AuditActions.DeadLetterRetry, "apikey:operator-key", "requeued 2 (all)"),
                (AuditActions.DeadLetterPurge, "operator-user", "purged 2 (all)"),
            ],
            deadLetter);
    }

    [Fact]
    public async Task Users_CreatedAndRemovedThroughTheApi_AreRecordedWithTheAdmin()
    {
        using var admin = app.Client(JobsRoles.Admin, Credential.Cookie);
        using var viewer = app.Client(JobsRoles.Viewer, Credential.Cookie);

        using var created = await admin.PostAsJsonAsync(Url("/api/users"), new { userName = "temp", role = "viewer", password = AuthHttp.Password }, Ct);
        using var removed = await admin.DeleteAsync(Url("/api/users/temp"), Ct);
        var entries = await viewer.GetFromJsonAsync<JsonElement>(Url("/api/audit?targetType=user&targetId=temp"), Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(
            [(AuditActions.UserRemove, "admin-user", null), (AuditActions.UserCreate, "admin-user", "role viewer")],
            Entries(entries));
    }

    [Fact]
    public void EveryChangingJobAndDeadLetterRoute_IsAudited()
    {
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } path
                && (path.StartsWith("/api/jobs", StringComparison.Ordinal) || path.StartsWith("/api/dead-letter", StringComparison.Ordinal)))
            .Select(e => (
                Route: $"{string.Join(",", e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])} {e.RoutePattern.RawText}",
                Audit: e.Metadata.GetMetadata<AuditedActionMetadata>()))
            .ToList();

        var changing = routes.Where(r => !r.Route.StartsWith("GET ", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, changing.Count);
        Assert.All(changing, r => Assert.True(r.Audit is not null, $"{r.Route} changes something but is not .Audited(...)"));
        Assert.All(routes.Where(r => r.Route.StartsWith("GET ", StringComparison.Ordinal)), r => Assert.Null(r.Audit));
    }

    [Fact]
    public void EveryChangingScheduleRoute_IsAudited()
    {
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } path && path.StartsWith("/api/schedules", StringComparison.Ordinal))
            .Select(e => (
                Route: $"{string.Join(",", e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])} {e.RoutePattern.RawText}",
                Audit: e.Metadata.GetMetadata<AuditedActionMetadata>()))
            .ToList();

        var changing = routes.Where(r => !r.Route.StartsWith("GET ", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, changing.Count);
        Assert.All(changing, r => Assert.True(r.Audit is { TargetType: AuditTargets.Schedule }, $"{r.Route} changes a schedule but is not .Audited(..., AuditTargets.Schedule)"));
        Assert.All(routes.Where(r => r.Route.StartsWith("GET ", StringComparison.Ordinal)), r => Assert.Null(r.Audit));
    }

    [Fact]
    public async Task ScheduleChanges_AreRecorded_WithTheUserOrKeyThatMadeThem()
    {
        using var admin = app.Client(JobsRoles.Admin, Credential.Cookie);
        using var operatorKey = app.Client(JobsRoles.Operator, Credential.Bearer);
        using var viewer = app.Client(JobsRoles.Viewer, Credential.Cookie);
        const string name = "audited-schedule";

        using (var created = await admin.PostAsJsonAsync(Url("/api/schedules"), new { name, jobType = "noop", every = "1d" }, Ct))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using var refused = await viewer.PostAsync(Url($"/api/schedules/{name}/pause"), null, Ct);
        using var paused = await admin.PostAsync(Url($"/api/schedules/{name}/pause"), null, Ct);
        using var triggered = await operatorKey.PostAsync(Url($"/api/schedules/{name}/trigger"), null, Ct);
        var jobId = (await JsonAsync(triggered, HttpStatusCode.OK)).GetProperty("jobId").GetInt64();
        using var removed = await admin.DeleteAsync(Url($"/api/schedules/{name}"), Ct);
        var entries = await viewer.GetFromJsonAsync<JsonElement>(Url($"/api/audit?targetType=schedule&targetId={name}"), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        var recorded = Entries(entries).ToList();
        Assert.Equal(
            [
                (AuditActions.ScheduleDelete, "admin-user", null),
                (AuditActions.ScheduleTrigger, "apikey:operator-key", string.Create(CultureInfo.InvariantCulture, $"job {jobId}")),
                (AuditActions.SchedulePause, "admin-user", null),
            ],
            recorded.Take(3));
        Assert.Equal(AuditActions.ScheduleCreate, recorded[3].Action);
        Assert.StartsWith("job noop; ", recorded[3].Details, StringComparison.Ordinal);
        Assert.Equal(4, recorded.Count);
    }
}
