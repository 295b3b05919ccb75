using Jobs.Dashboard.Auth;
using Jobs.Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jobs.Dashboard.Tests.Auth;

/// <summary>
/// An app wired exactly as Program wires auth (<c>AddJobsAuth</c>, <c>UseJobsAuth</c>) with a small set of stand-in
/// endpoints and a hub, one per policy, since the REST API and the jobs hub live on other branches. Users and an API
/// key per role are created at start. Used as a class fixture.
/// </summary>
public sealed class PolicyTestApp : IAsyncLifetime
{
    private readonly TempDirectory _data = new("jobs-auth");
    private WebApplication _app = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _app.Services;

    /// <summary>An active API key per role name.</summary>
    public Dictionary<string, string> Keys { get; } = [];

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ContentRootPath = _data.Path });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = _data.Path,
            ["Auth:Enabled"] = "true",
            ["JobEngine:Workers"] = "1",
        });
        builder.Logging.ClearProviders();
        builder.AddJobEngine();
        builder.AddJobsAuth();
        builder.Services.AddSignalR();

        _app = builder.Build();
        _app.UseJobsAuth();
        // Stand-ins for the API: reading needs nothing beyond the fallback (Viewer); changes name their policy.
        _app.MapGet("/test/jobs", () => "read");
        _app.MapPost("/test/jobs/{id}/cancel", (long id) => $"cancelled {id}").RequireAuthorization(AuthPolicies.Operator);
        _app.MapPut("/test/schedules/{name}", (string name) => $"saved {name}").RequireAuthorization(AuthPolicies.Admin);
        _app.MapHub<PolicyTestHub>("/hubs/test");
        await _app.StartAsync(TestContext.Current.CancellationToken);
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var keys = scope.ServiceProvider.GetRequiredService<ApiKeyService>();
        foreach (var role in JobsRoles.All)
        {
            await users.CreateAsync(role + "-user", role, AuthHttp.Password, "test", TestContext.Current.CancellationToken);
            Keys[role] = (await keys.CreateAsync(role + "-key", role, "test", TestContext.Current.CancellationToken)).Key;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _data.Dispose();
    }
}

/// <summary>A hub guarded like the jobs hub will be: connecting needs Viewer, a changing method needs Operator.</summary>
[Authorize(Policy = AuthPolicies.Viewer)]
public sealed class PolicyTestHub : Hub
{
    public string Echo(string text) => $"{Context.User?.Identity?.Name}:{text}";

    [Authorize(Policy = AuthPolicies.Operator)]
    public string Cancel(long jobId) => $"{Context.User?.Identity?.Name} cancelled {jobId}";
}
