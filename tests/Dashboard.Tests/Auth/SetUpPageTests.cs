using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Jobs.Dashboard.Auth;
using Jobs.Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Dashboard.Tests.Auth;

/// <summary>The first-admin page: only on a loopback connection, only while no user exists. Each test gets a fresh store.</summary>
public sealed class SetUpPageTests
{
    [Fact]
    public async Task SetUp_CreatesTheFirstAdminAndSignsIn_OnLoopbackWhileNoUserExists()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new SignedInKestrelFactory().Start();
        using var client = AuthHttp.CreateClient(app.BaseAddress);

        using var hint = await client.GetAsync(new Uri("/signin", UriKind.Relative), ct);
        Assert.Contains("href=\"/setup\"", await hint.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        using var created = await AuthHttp.PostFormAsync(client, "/setup", "/setup",
            ("userName", "root"), ("password", AuthHttp.Password), ("confirmPassword", AuthHttp.Password));
        using var home = await client.GetAsync(new Uri("/", UriKind.Relative), ct);
        using var again = await client.GetAsync(new Uri("/setup", UriKind.Relative), ct);

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        Assert.True(await users.IsInRoleAsync((await users.FindByNameAsync("root"))!, JobsRoles.Admin));
    }

    [Fact]
    public async Task SetUp_Answers404_WhenAUserExists()
    {
        await using var app = new SignedInKestrelFactory().Start();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<UserAdministration>()
                .CreateAsync("someone", JobsRoles.Viewer, AuthHttp.Password, "test", TestContext.Current.CancellationToken);
        }

        using var client = AuthHttp.CreateClient(app.BaseAddress);
        using var page = await client.GetAsync(new Uri("/setup", UriKind.Relative), TestContext.Current.CancellationToken);
        // A well-formed post (the sign-in form's antiforgery token), so only the existing user can refuse it.
        using var post = await AuthHttp.PostFormAsync(client, "/signin", "/setup", ("userName", "intruder"), ("password", AuthHttp.Password), ("role", "admin"));

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }

    [Fact]
    public async Task SetUp_Answers404_OverANonLoopbackConnection()
    {
        var address = NetworkAddress();
        Assert.SkipWhen(address is null, "This machine has no non-loopback IPv4 address to connect through.");
        await using var app = new SignedInKestrelFactory(IPAddress.Any).Start();
        using var client = AuthHttp.CreateClient(new Uri($"http://{address}:{app.BaseAddress.Port}"));

        using var page = await client.GetAsync(new Uri("/setup", UriKind.Relative), TestContext.Current.CancellationToken);
        using var local = await AuthHttp.CreateClient(app.BaseAddress).GetAsync(new Uri("/setup", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        // The same server, no user yet: only the connection's address differs.
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
    }

    [Fact]
    public async Task SetUp_RefusesAndCreatesNoUser_WhenThePasswordsDiffer()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new SignedInKestrelFactory().Start();
        using var client = AuthHttp.CreateClient(app.BaseAddress);

        using var refused = await AuthHttp.PostFormAsync(client, "/setup", "/setup",
            ("userName", "root"), ("password", AuthHttp.Password), ("confirmPassword", AuthHttp.Password + "x"));
        using var weak = await AuthHttp.PostFormAsync(client, "/setup", "/setup",
            ("userName", "root"), ("password", "short"), ("confirmPassword", "short"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("The two passwords differ.", await refused.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Contains("at least 8 characters", await weak.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<UserAdministration>().AnyUserAsync(ct));
    }

    [Fact]
    public async Task SetUp_Answers404_InAnInMemoryServerWithNoRemoteAddress()
    {
        await using var app = new SignInOnFactory();
        using var client = app.CreateClient();

        using var page = await client.GetAsync(new Uri("/setup", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }

    private sealed class SignInOnFactory : DashboardFactory
    {
        protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Auth:Enabled", "true")];
    }

    private static IPAddress? NetworkAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
}
