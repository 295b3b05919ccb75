using System.Net;
using Jobs.Dashboard.Auth;
using Jobs.Dashboard.Tests.Infrastructure;

namespace Jobs.Dashboard.Tests.Auth;

/// <summary>Sign-in off is for local development: never an open dashboard on a network address unless explicitly allowed.</summary>
public sealed class OpenNetworkGuardTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://[::]:5080", false)]
    [InlineData("http://*:5080", false)]
    [InlineData("http://+:5080", false)]
    [InlineData("http://10.1.2.3:5080", false)]
    [InlineData("http://dashboard.example:5080", false)]
    public void IsLoopback_TellsLoopbackAddressesFromNetworkOnes(string address, bool expected)
    {
        Assert.Equal(expected, OpenNetworkGuard.IsLoopback(address));
    }

    [Fact]
    public async Task Start_ExitsWithCode2AndNamesTheKeys_WhenSignInIsOffOnANetworkAddress()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory("jobs-open");
        using var workingDirectory = new TempDirectory("jobs-cwd");
        var port = DashboardProcess.FreePort();
        await using var app = DashboardProcess.Start(workingDirectory.Path, ["--urls", $"http://0.0.0.0:{port}"], new Dictionary<string, string>
        {
            ["Storage__DataDirectory"] = data.Path,
            ["Auth__Enabled"] = "false",
        });

        var exitCode = await app.WaitForExitAsync(StartTimeout, ct);

        Assert.True(exitCode == 2, $"exit code {exitCode}\nstderr:\n{app.StandardError}");
        var reason = Assert.Single(app.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), l => l.Contains("Auth:Enabled", StringComparison.Ordinal));
        Assert.Contains($"http://0.0.0.0:{port}", reason, StringComparison.Ordinal);
        Assert.Contains("Auth:AllowOpenNetworkAccess=true", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ServesOpenly_WhenTheOverrideIsSet()
    {
        await using var app = new OpenFactory().Start();
        using var client = AuthHttp.CreateClient(app.BaseAddress);

        using var home = await client.GetAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    [Fact]
    public async Task Requests_ActAsTheLocalAdmin_WhenSignInIsOffOnLoopback()
    {
        await using var app = new LocalFactory().Start();
        using var client = AuthHttp.CreateClient(app.BaseAddress);

        using var home = await client.GetAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);
        using var signIn = await client.GetAsync(new Uri("/signin", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    private sealed class OpenFactory() : SignedInKestrelFactory(IPAddress.Any)
    {
        protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings =>
            [new("Auth:Enabled", "false"), new("Auth:AllowOpenNetworkAccess", "true")];
    }

    private sealed class LocalFactory : SignedInKestrelFactory
    {
        protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings => [new("Auth:Enabled", "false")];
    }
}
