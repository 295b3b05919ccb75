using System.Net;
using System.Reflection;
using System.Threading.Channels;
using Jobs.Client;
using Jobs.Dashboard.Auth;
using Jobs.Dashboard.Hubs;
using Jobs.Dashboard.Tests.Infrastructure;
using Jobs.Model;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Dashboard.Tests.Hubs;

/// <summary>The hub on the real app with sign-in on: anonymous connections are refused, a viewer (key or cookie) can follow jobs, and nothing on it changes a job.</summary>
public sealed class JobsHubAuthorizationTests(JobsHubAuthorizationTests.App app) : IClassFixture<JobsHubAuthorizationTests.App>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    /// <summary>The real app with sign-in on, a viewer user and a viewer API key.</summary>
    public sealed class App : SignedInKestrelFactory, IAsyncLifetime
    {
        public const string ViewerName = "hub-viewer";

        public App() => Start();

        public string ViewerKey { get; private set; } = "";

        public async ValueTask InitializeAsync()
        {
            await using var scope = Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<UserAdministration>().CreateAsync(ViewerName, JobsRoles.Viewer, AuthHttp.Password, "test", TestContext.Current.CancellationToken);
            ViewerKey = (await Services.GetRequiredService<ApiKeyService>().CreateAsync("hub-viewer-key", JobsRoles.Viewer, "test", TestContext.Current.CancellationToken)).Key;
        }
    }

    [Fact]
    public async Task Connect_IsRefusedWith401_WhenAnonymous()
    {
        await using var connection = Build(_ => { });

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task Connect_IsRefusedWith401_WithARevokedOrWrongKey()
    {
        await using var connection = Build(o => o.Headers["x-api-key"] = "jobs_0000000000000000_" + new string('A', 43));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Theory]
    [InlineData("bearer")]
    [InlineData("access_token")]
    [InlineData("cookie")]
    public async Task Viewer_CanSubscribe_AndReceivesJobChanges(string credential)
    {
        var ct = TestContext.Current.CancellationToken;
        var cookies = new CookieContainer();
        if (credential == "cookie")
        {
            using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
            using var signedIn = await AuthHttp.SignInAsync(http, App.ViewerName);
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        await using var connection = Build(o =>
        {
            switch (credential)
            {
                case "bearer":
                    o.Headers["Authorization"] = "Bearer " + app.ViewerKey;
                    break;
                case "access_token":
                    o.AccessTokenProvider = () => Task.FromResult<string?>(app.ViewerKey);
                    break;
                default:
                    o.Cookies = cookies;
                    break;
            }
        });
        var received = Channel.CreateUnbounded<JobEventMessage>();
        connection.On<JobEventMessage>(JobsHub.JobChangedMethod, m => received.Writer.TryWrite(m));
        await connection.StartAsync(ct);
        var queue = "hub-auth-" + credential.Replace("_", "-", StringComparison.Ordinal);
        await connection.InvokeAsync(nameof(JobsHub.SubscribeQueue), queue, ct);

        var job = await app.Services.GetRequiredService<IJobClient>().EnqueueAsync(new JobRequest { Type = "noop", Queue = queue }, ct);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Wait);
        var message = await received.Reader.ReadAsync(timeout.Token);
        Assert.Equal(job.JobId, message.JobId);
    }

    [Fact]
    public async Task Viewer_CannotChangeAnything_ThroughTheHub()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = Build(o => o.Headers["x-api-key"] = app.ViewerKey);
        await connection.StartAsync(ct);
        var job = await app.Services.GetRequiredService<IJobClient>().EnqueueAsync(new JobRequest { Type = "noop", Delay = TimeSpan.FromDays(1) }, ct);

        // The names a changing method would have: none exists, whoever calls.
        foreach (var name in new[] { "Cancel", "CancelJob", "Retry", "RetryJob", "Delete", "DeleteJob", "Enqueue", "PurgeDeadLetter" })
        {
            var error = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync(name, job.JobId, ct));
            Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        }

        var after = await app.Services.GetRequiredService<IJobQueries>().GetAsync(job.JobId, ct);
        Assert.Equal(JobState.Scheduled, after!.Summary.State);
    }

    [Fact]
    public void Hub_ExposesOnlySubscriptionMethods()
    {
        var methods = typeof(JobsHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.Name != nameof(Hub.OnDisconnectedAsync))
            .Select(m => m.Name)
            .Order();

        Assert.Equal([nameof(JobsHub.SubscribeAll), nameof(JobsHub.SubscribeJob), nameof(JobsHub.SubscribeQueue), nameof(JobsHub.UnsubscribeAll)], methods);
    }

    private HubConnection Build(Action<HttpConnectionOptions> configure) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress, JobsHub.Path.TrimStart('/')), HttpTransportType.WebSockets, configure)
            .Build();
}
