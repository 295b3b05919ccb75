using System.Net;
using Jobs.Dashboard.Auth;
using Jobs.Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Dashboard.Tests.Auth;

/// <summary>The real app with sign-in on, over Kestrel.</summary>
public sealed class SignInTests(SignInTests.App app) : IClassFixture<SignInTests.App>, IAsyncLifetime
{
    private readonly App _app = app;

    public async ValueTask InitializeAsync() => await _app.EnsureUserAsync("dana", JobsRoles.Viewer);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public sealed class App : SignedInKestrelFactory
    {
        private readonly Lock _gate = new();
        private readonly HashSet<string> _users = [];

        public App() => Start();

        public async Task EnsureUserAsync(string name, string role)
        {
            lock (_gate)
            {
                if (!_users.Add(name))
                {
                    return;
                }
            }

            await using var scope = Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<UserAdministration>()
                .CreateAsync(name, role, AuthHttp.Password, "test", TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task Home_RedirectsABrowserToSignIn_WhenAnonymous()
    {
        using var client = AuthHttp.CreateClient(_app.BaseAddress);

        using var response = await client.SendAsync(AuthHttp.BrowserGet("/"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/signin?ReturnUrl=%2F", response.Headers.Location?.PathAndQuery);
    }

    [Fact]
    public async Task Home_Answers401_ToAnAnonymousScript()
    {
        using var client = AuthHttp.CreateClient(_app.BaseAddress);

        using var response = await client.GetAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/signin")]
    public async Task Page_AnswersWithoutSignIn_WhenItIsHealthOrSignIn(string path)
    {
        using var client = AuthHttp.CreateClient(_app.BaseAddress);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SignIn_SetsTheCookieAndOpensHome_WhenThePasswordIsRight()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = AuthHttp.CreateClient(_app.BaseAddress);

        using var signIn = await AuthHttp.SignInAsync(client, "dana");
        using var home = await client.GetAsync(new Uri("/", UriKind.Relative), ct);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);
        Assert.Contains(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".Jobs.Auth=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("Jobs by state", await home.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        // The cookie's protection keys are kept with the rest of the state, so a restart keeps the sign-in.
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(_app.DataDirectory, "keys"), "key-*.xml"));
    }

    [Fact]
    public async Task SignIn_RefusesAndSetsNoCookie_WhenThePasswordIsWrong()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = AuthHttp.CreateClient(_app.BaseAddress);

        using var signIn = await AuthHttp.SignInAsync(client, "dana", "Wrong-Passw0rd!");
        using var home = await client.GetAsync(new Uri("/", UriKind.Relative), ct);

        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        Assert.Contains("Wrong user name or password.", await signIn.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.False(signIn.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(".Jobs.Auth=", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Unauthorized, home.StatusCode);
    }

    [Fact]
    public async Task SignIn_Answers400_WhenTheAntiforgeryTokenIsMissing()
    {
        using var client = AuthHttp.CreateClient(_app.BaseAddress);
        using var form = new FormUrlEncodedContent([new("userName", "dana"), new("password", AuthHttp.Password)]);

        using var response = await client.PostAsync(new Uri("/signin", UriKind.Relative), form, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("//evil.example/", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("/jobs/42?tab=log", "/jobs/42?tab=log")]
    public async Task SignIn_ReturnsOnlyToALocalPath(string returnUrl, string expected)
    {
        using var client = AuthHttp.CreateClient(_app.BaseAddress);

        using var signIn = await AuthHttp.SignInAsync(client, "dana", returnUrl: returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(expected, signIn.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = AuthHttp.CreateClient(_app.BaseAddress);
        using (var signIn = await AuthHttp.SignInAsync(client, "dana"))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }

        using var signOut = await AuthHttp.PostFormAsync(client, "/signin", "/signout");
        using var home = await client.GetAsync(new Uri("/", UriKind.Relative), ct);

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/signin", signOut.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, home.StatusCode);
    }

    [Fact]
    public async Task SignIn_LocksTheUser_AfterFiveWrongPasswords()
    {
        await _app.EnsureUserAsync("erin", JobsRoles.Viewer);
        using var client = AuthHttp.CreateClient(_app.BaseAddress);
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await AuthHttp.SignInAsync(client, "erin", "Wrong-Passw0rd!");
        }

        using var right = await AuthHttp.SignInAsync(client, "erin");

        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
