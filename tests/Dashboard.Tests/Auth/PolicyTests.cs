using System.Net;
using System.Security.Cryptography;
using System.Text;
using Jobs.Dashboard.Auth;
using Jobs.Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Dashboard.Tests.Auth;

public sealed class PolicyTests(PolicyTestApp app) : IClassFixture<PolicyTestApp>
{
    public static TheoryData<string, string, string, HttpStatusCode> Matrix => new()
    {
        { JobsRoles.Viewer, "GET", "/test/jobs", HttpStatusCode.OK },
        { JobsRoles.Viewer, "POST", "/test/jobs/7/cancel", HttpStatusCode.Forbidden },
        { JobsRoles.Viewer, "PUT", "/test/schedules/nightly", HttpStatusCode.Forbidden },
        { JobsRoles.Operator, "GET", "/test/jobs", HttpStatusCode.OK },
        { JobsRoles.Operator, "POST", "/test/jobs/7/cancel", HttpStatusCode.OK },
        { JobsRoles.Operator, "PUT", "/test/schedules/nightly", HttpStatusCode.Forbidden },
        { JobsRoles.Admin, "GET", "/test/jobs", HttpStatusCode.OK },
        { JobsRoles.Admin, "POST", "/test/jobs/7/cancel", HttpStatusCode.OK },
        { JobsRoles.Admin, "PUT", "/test/schedules/nightly", HttpStatusCode.OK },
    };

    [Theory]
    [InlineData("GET", "/test/jobs")]
    [InlineData("POST", "/test/jobs/7/cancel")]
    [InlineData("PUT", "/test/schedules/nightly")]
    public async Task Request_Answers401_WhenAnonymous(string method, string path)
    {
        using var client = AuthHttp.CreateClient(app.BaseAddress);

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Request_FollowsTheRole_WhenSignedInWithACookie(string role, string method, string path, HttpStatusCode expected)
    {
        using var client = AuthHttp.CreateClient(app.BaseAddress);
        using var signIn = await AuthHttp.SignInAsync(client, role + "-user");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Request_FollowsTheKeysRole_WhenSentAsBearer(string role, string method, string path, HttpStatusCode expected)
    {
        using var client = AuthHttp.CreateClient(app.BaseAddress);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Authorization = new("Bearer", app.Keys[role]);

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Request_FollowsTheKeysRole_WhenSentAsXApiKey(string role, string method, string path, HttpStatusCode expected)
    {
        using var client = AuthHttp.CreateClient(app.BaseAddress);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("x-api-key", app.Keys[role]);

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("jobs_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not-a-key")]
    [InlineData("")]
    public async Task Request_Answers401_WhenTheKeyIsUnknownOrMalformed(string key)
    {
        using var client = AuthHttp.CreateClient(app.BaseAddress);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/test/jobs");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key);

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Request_Answers401_WhenAKnownKeyIdCarriesAWrongSecret()
    {
        var genuine = app.Keys[JobsRoles.Admin];
        var forged = genuine[..^1] + (genuine[^1] == 'A' ? 'B' : 'A');
        using var client = AuthHttp.CreateClient(app.BaseAddress);
        client.DefaultRequestHeaders.Add("x-api-key", forged);

        using var response = await client.GetAsync(new Uri("/test/jobs", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Request_Answers401_OnceTheKeyIsRevoked()
    {
        var ct = TestContext.Current.CancellationToken;
        var keys = app.Services.GetRequiredService<ApiKeyService>();
        var created = await keys.CreateAsync("revoke-me", JobsRoles.Admin, "test-admin", ct);
        using var client = AuthHttp.CreateClient(app.BaseAddress);
        client.DefaultRequestHeaders.Add("x-api-key", created.Key);
        using (var before = await client.GetAsync(new Uri("/test/jobs", UriKind.Relative), ct))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        Assert.True(await keys.RevokeAsync("revoke-me", "test-admin", ct));
        using var after = await client.GetAsync(new Uri("/test/jobs", UriKind.Relative), ct);

        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        var listed = Assert.Single(await keys.ListAsync(ct), k => k.Name == "revoke-me");
        Assert.False(listed.IsActive);
    }

    [Fact]
    public async Task Key_RecordsItsLastUse_WhenItAuthenticatesARequest()
    {
        var ct = TestContext.Current.CancellationToken;
        var keys = app.Services.GetRequiredService<ApiKeyService>();
        var created = await keys.CreateAsync("last-use", JobsRoles.Viewer, "test-admin", ct);
        Assert.Null(created.Info.LastUsedAt);
        using var client = AuthHttp.CreateClient(app.BaseAddress);
        client.DefaultRequestHeaders.Add("x-api-key", created.Key);

        using var response = await client.GetAsync(new Uri("/test/jobs", UriKind.Relative), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(Assert.Single(await keys.ListAsync(ct), k => k.Name == "last-use").LastUsedAt);
    }

    [Fact]
    public async Task Key_IsStoredOnlyAsItsHash_AndItsCreationIsAudited()
    {
        var ct = TestContext.Current.CancellationToken;
        var created = await app.Services.GetRequiredService<ApiKeyService>().CreateAsync("hashed", JobsRoles.Operator, "alice", ct);
        var storage = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Jobs.Configuration.StorageOptions>>().Value;

        await using var connection = new SqliteConnection(AuthDatabase.ConnectionString(storage));
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT SecretHash FROM api_keys WHERE Name = 'hashed'";
        var stored = (byte[])(await command.ExecuteScalarAsync(ct))!;
        command.CommandText = "SELECT count(*) FROM api_keys WHERE instr(CAST(SecretHash AS TEXT), $secret) > 0 OR instr(KeyId || Name, $secret) > 0";
        command.Parameters.AddWithValue("$secret", created.Key[22..]);
        var plaintextCopies = (long)(await command.ExecuteScalarAsync(ct))!;

        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(created.Key)), stored);
        Assert.Equal(0, plaintextCopies);
        var audit = await app.Services.GetRequiredService<IAuditLog>().ListForTargetAsync(AuditTargets.ApiKey, "hashed", cancellationToken: ct);
        var entry = Assert.Single(audit);
        Assert.Equal(("alice", AuditActions.ApiKeyCreate), (entry.Actor, entry.Action));
    }

    [Fact]
    public async Task Hub_AcceptsAViewerKey_ButRefusesItsOperatorMethod()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = Hub(o => o.Headers["x-api-key"] = app.Keys[JobsRoles.Viewer]);
        await connection.StartAsync(ct);

        Assert.Equal("apikey:viewer-key:hi", await connection.InvokeAsync<string>("Echo", "hi", ct));
        var refused = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<string>("Cancel", 7L, ct));
        Assert.Contains("unauthorized", refused.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Hub_RunsTheOperatorMethod_ForAnOperatorBearerToken()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = Hub(o => o.AccessTokenProvider = () => Task.FromResult<string?>(app.Keys[JobsRoles.Operator]));
        await connection.StartAsync(ct);

        Assert.Equal("apikey:operator-key cancelled 7", await connection.InvokeAsync<string>("Cancel", 7L, ct));
    }

    [Fact]
    public async Task AccessTokenQuery_IsAcceptedOnHubPathsOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = AuthHttp.CreateClient(app.BaseAddress);
        var key = Uri.EscapeDataString(app.Keys[JobsRoles.Viewer]);

        using var negotiate = await client.PostAsync(new Uri($"/hubs/test/negotiate?negotiateVersion=1&access_token={key}", UriKind.Relative), null, ct);
        using var api = await client.GetAsync(new Uri($"/test/jobs?access_token={key}", UriKind.Relative), ct);

        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task Hub_RefusesToConnect_WhenAnonymous()
    {
        await using var connection = Hub(_ => { });

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    private HubConnection Hub(Action<Microsoft.AspNetCore.Http.Connections.Client.HttpConnectionOptions> configure) =>
        new HubConnectionBuilder().WithUrl(new Uri(app.BaseAddress, "/hubs/test"), configure).Build();
}
