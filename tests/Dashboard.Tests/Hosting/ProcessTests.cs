using Jobs.Dashboard.Tests.Infrastructure;

namespace Jobs.Dashboard.Tests.Hosting;

/// <summary>The built app started as users and CI start it: <c>dotnet Jobs.Dashboard.dll</c>.</summary>
public sealed class ProcessTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Run_AnswersReadyOnTheGivenUrl_WhenStartedWithUrlsArgument()
    {
        var ct = TestContext.Current.CancellationToken;
        // Sign-in off (allowed on a loopback address) so the home page answers without a user.
        await using var run = StartedApp.Start(urlsArgument: true, ("Auth__Enabled", "false"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        await run.App.WaitUntilOkAsync(http, run.Url("/health/ready"), StartTimeout, ct);

        var home = await http.GetStringAsync(run.Url("/"), ct);
        Assert.Contains("Jobs by state", home, StringComparison.Ordinal);
        Assert.True(Directory.EnumerateFileSystemEntries(run.Data.Path).Any(), "The store wrote nothing under Storage:DataDirectory.");

        // Started like this the app runs as Production: its MudBlazor and Blazor assets must still be served, and not empty.
        var assets = System.Text.RegularExpressions.Regex.Matches(home, "(?:href|src)=\"/?(_content/MudBlazor/[^\"]+|_framework/blazor\\.web[^\"]*\\.js|css/dashboard\\.css|js/dashboard\\.js)\"")
            .Select(m => m.Groups[1].Value)
            .ToList();
        Assert.Equal(5, assets.Count);
        foreach (var asset in assets)
        {
            using var response = await http.GetAsync(run.Url("/" + asset), ct);
            Assert.True(response.IsSuccessStatusCode, $"{asset}: {response.StatusCode}");
            Assert.True((await response.Content.ReadAsByteArrayAsync(ct)).Length > 100, $"{asset} is served empty");
        }
    }

    [Fact]
    public async Task Run_ListensOnAspNetCoreUrls_WhenNoUrlsArgumentIsGiven()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var run = StartedApp.Start(urlsArgument: false);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        await run.App.WaitUntilOkAsync(http, run.Url("/health/live"), StartTimeout, ct);
    }

    [Fact]
    public async Task Run_ExitsWithCode2NamingTheKey_WhenWorkersIsZero()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var run = StartedApp.Start(urlsArgument: true, ("JobEngine__Workers", "0"));

        var exitCode = await run.App.WaitForExitAsync(StartTimeout, ct);

        Assert.True(exitCode == 2, $"exit code {exitCode}\nstderr:\n{run.App.StandardError}\nstdout:\n{run.App.StandardOutput}");
        Assert.Contains("JobEngine:Workers", run.App.StandardError, StringComparison.Ordinal);
    }

    /// <summary>One app process with its own data folder, working folder and port; disposing stops it and deletes both folders.</summary>
    internal sealed class StartedApp : IAsyncDisposable
    {
        private readonly TempDirectory _workingDirectory;
        private readonly int _port;

        private StartedApp(TempDirectory data, TempDirectory workingDirectory, int port, DashboardProcess app)
        {
            Data = data;
            _workingDirectory = workingDirectory;
            _port = port;
            App = app;
        }

        public TempDirectory Data { get; }

        public DashboardProcess App { get; }

        public Uri Url(string path) => new($"http://127.0.0.1:{_port}{path}");

        /// <summary>Starts the app on a free port, given as <c>--urls</c> or, when <paramref name="urlsArgument"/> is false, as <c>ASPNETCORE_URLS</c>.</summary>
        public static StartedApp Start(bool urlsArgument, params (string Name, string Value)[] environment)
        {
            var data = new TempDirectory("jobs-process");
            var workingDirectory = new TempDirectory("jobs-cwd");
            var port = DashboardProcess.FreePort();
            var url = $"http://127.0.0.1:{port}";
            var variables = new Dictionary<string, string> { ["Storage__DataDirectory"] = data.Path };
            if (!urlsArgument)
            {
                variables["ASPNETCORE_URLS"] = url;
            }

            foreach (var (name, value) in environment)
            {
                variables[name] = value;
            }

            var app = DashboardProcess.Start(workingDirectory.Path, urlsArgument ? ["--urls", url] : [], variables);
            return new StartedApp(data, workingDirectory, port, app);
        }

        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            Data.Dispose();
            _workingDirectory.Dispose();
        }
    }
}
