using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jobs.Dashboard.Auth;
using Jobs.Dashboard.Tests.Infrastructure;

namespace Jobs.Dashboard.Tests.Auth;

/// <summary>The admin API for keys and users, and reading the audit log.</summary>
public sealed class AuthApiTests(PolicyTestApp app) : IClassFixture<PolicyTestApp>
{
    [Fact]
    public async Task ApiKeys_CreateListRevoke_ThroughTheApiAsAdmin()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = Client(JobsRoles.Admin);

        using var created = await admin.PostAsJsonAsync("/api/apikeys", new { name = "from-api", role = "viewer" }, ct);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(ct);
        var key = body.GetProperty("key").GetString()!;
        using var keyClient = AuthHttp.CreateClient(app.BaseAddress);
        keyClient.DefaultRequestHeaders.Add("x-api-key", key);
        using var used = await keyClient.GetAsync(new Uri("/test/jobs", UriKind.Relative), ct);
        var listed = await admin.GetFromJsonAsync<JsonElement>("/api/apikeys", ct);
        using var revoked = await admin.DeleteAsync(new Uri("/api/apikeys/from-api", UriKind.Relative), ct);
        using var refused = await keyClient.GetAsync(new Uri("/test/jobs", UriKind.Relative), ct);
        using var again = await admin.DeleteAsync(new Uri("/api/apikeys/from-api", UriKind.Relative), ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("viewer", body.GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        var entry = Assert.Single(listed.EnumerateArray(), k => k.GetProperty("name").GetString() == "from-api");
        Assert.False(entry.TryGetProperty("key", out _));
        Assert.Equal(JsonValueKind.String, entry.GetProperty("lastUsedAt").ValueKind);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task ApiKeys_Answers403_ToAnOperator()
    {
        using var operatorClient = Client(JobsRoles.Operator);

        using var response = await operatorClient.PostAsJsonAsync("/api/apikeys", new { name = "sneaky", role = "admin" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ApiKeys_Answers400NamingTheField_WhenTheRoleIsUnknown()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = Client(JobsRoles.Admin);

        using var response = await admin.PostAsJsonAsync("/api/apikeys", new { name = "bad-role", role = "root" }, ct);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("'root' is not a role", problem.GetProperty("errors").GetProperty("role")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Users_CreateThroughTheApi_AndRefuseAWeakPasswordNamingTheField()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = Client(JobsRoles.Admin);

        using var created = await admin.PostAsJsonAsync("/api/users", new { userName = "frank", role = "operator", password = AuthHttp.Password }, ct);
        using var weak = await admin.PostAsJsonAsync("/api/users", new { userName = "gina", role = "operator", password = "weak" }, ct);
        var problem = await weak.Content.ReadFromJsonAsync<JsonElement>(ct);
        using var signInClient = AuthHttp.CreateClient(app.BaseAddress);
        using var signIn = await AuthHttp.SignInAsync(signInClient, "frank");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("password", out _));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    [Fact]
    public async Task Audit_ShowsWhoChangedATarget_ToAViewer()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = Client(JobsRoles.Admin);
        using var viewer = Client(JobsRoles.Viewer);
        using (var created = await admin.PostAsJsonAsync("/api/apikeys", new { name = "audited", role = "viewer" }, ct))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var entries = await viewer.GetFromJsonAsync<JsonElement>("/api/audit?targetType=apikey&targetId=audited", ct);
        using var bad = await viewer.GetAsync(new Uri("/api/audit?limit=0", UriKind.Relative), ct);

        var entry = Assert.Single(entries.EnumerateArray());
        Assert.Equal("apikey:admin-key", entry.GetProperty("actor").GetString());
        Assert.Equal(AuditActions.ApiKeyCreate, entry.GetProperty("action").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    private HttpClient Client(string role)
    {
        var client = AuthHttp.CreateClient(app.BaseAddress);
        client.DefaultRequestHeaders.Add("x-api-key", app.Keys[role]);
        return client;
    }
}
