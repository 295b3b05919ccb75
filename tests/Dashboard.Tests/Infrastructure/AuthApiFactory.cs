using System.Net;
using Jobs.Client;
using Jobs.Dashboard.Auth;
using Jobs.Model;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Dashboard.Tests.Infrastructure;

/// <summary>
/// The real app with the test job types and sign-in ON (<c>Auth:Enabled=true</c>): per role a user
/// (<c>viewer-user</c>, <c>operator-user</c>, <c>admin-user</c>) and an API key (<c>viewer-key</c>, ...), created at start.
/// </summary>
/// <remarks>Use as a class fixture. Clients from <see cref="Client"/> carry a cookie from the real sign-in form, or a key.</remarks>
public sealed class AuthApiFactory : ApiFactory, IAsyncLifetime
{
    private readonly Dictionary<string, string> _cookies = [];

    /// <summary>A <c>noop</c> job delayed by a day, created at start, for routes that need an existing job.</summary>
    public long WaitingJobId { get; private set; }

    /// <summary>An active API key per role.</summary>
    public Dictionary<string, string> Keys { get; } = [];

    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Auth:Enabled", "true")];

    /// <summary>The user name of a role's test user.</summary>
    public static string UserName(string role) => role + "-user";

    /// <summary>The name of a role's test API key (its audit actor is <c>apikey:&lt;name&gt;</c>).</summary>
    public static string KeyName(string role) => role + "-key";

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var scope = Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            var keys = scope.ServiceProvider.GetRequiredService<ApiKeyService>();
            foreach (var role in JobsRoles.All)
            {
                await users.CreateAsync(UserName(role), role, AuthHttp.Password, "test", ct);
                Keys[role] = (await keys.CreateAsync(KeyName(role), role, "test", ct)).Key;
            }

            var job = await scope.ServiceProvider.GetRequiredService<IJobClient>()
                .EnqueueAsync(new JobRequest { Type = "noop", Delay = TimeSpan.FromDays(1) }, ct);
            WaitingJobId = job.JobId;
        }

        foreach (var role in JobsRoles.All)
        {
            using var client = Anonymous();
            using var signIn = await AuthHttp.SignInAsync(client, UserName(role));
            Assert.True(signIn.StatusCode == HttpStatusCode.Redirect, $"sign-in of {UserName(role)}: {(int)signIn.StatusCode}");
            // The sign-in cookie (in chunks if long) as a browser would send it back.
            var cookie = signIn.Headers.GetValues("Set-Cookie")
                .Where(c => c.StartsWith(".Jobs.Auth", StringComparison.Ordinal))
                .Select(c => c.Split(';', 2)[0]);
            _cookies[role] = string.Join("; ", cookie);
            Assert.NotEmpty(_cookies[role]);
        }
    }

    /// <summary>A client with no credentials that keeps cookies and does not follow redirects.</summary>
    public HttpClient Anonymous() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A new client acting as <paramref name="role"/> with the given credential.</summary>
    public HttpClient Client(string role, Credential credential)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        switch (credential)
        {
            case Credential.Cookie:
                client.DefaultRequestHeaders.Add("Cookie", _cookies[role]);
                break;
            case Credential.Bearer:
                client.DefaultRequestHeaders.Authorization = new("Bearer", Keys[role]);
                break;
            default:
                client.DefaultRequestHeaders.Add("x-api-key", Keys[role]);
                break;
        }

        return client;
    }
}

/// <summary>How a test client proves who it is.</summary>
public enum Credential
{
    /// <summary>The sign-in cookie from the real form.</summary>
    Cookie,

    /// <summary><c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    Bearer,

    /// <summary><c>x-api-key: &lt;key&gt;</c>.</summary>
    XApiKey,
}
