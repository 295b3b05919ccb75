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
        using var data = new TempDirectory("jobs-process");
        using var workingDirectory = new TempDirectory("jobs-cwd");
        var port = DashboardProcess.FreePort();
        await using var app = DashboardProcess.Start(
            workingDirectory.Path,
            ["--urls", $"http://127.0.0.1:{port}"],
            new Dictionary<string, string> { ["Storage__DataDirectory"] = data.Path });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        await app.WaitUntilOkAsync(http, new Uri($"http://127.0.0.1:{port}/health/ready"), StartTimeout, ct);

        var home = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/"), ct);
        Assert.Contains("Jobs by state", home, StringComparison.Ordinal);
        Assert.True(Directory.EnumerateFileSystemEntries(data.Path).Any(), "The store wrote nothing under Storage:DataDirectory.");
    }

    [Fact]
    public async Task Run_ListensOnAspNetCoreUrls_WhenNoUrlsArgumentIsGiven()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory("jobs-process");
        using var workingDirectory = new TempDirectory("jobs-cwd");
        var port = DashboardProcess.FreePort();
        await using var app = DashboardProcess.Start(
            workingDirectory.Path,
            [],
            new Dictionary<string, string>
            {
                ["Storage__DataDirectory"] = data.Path,
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        await app.WaitUntilOkAsync(http, new Uri($"http://127.0.0.1:{port}/health/live"), StartTimeout, ct);
    }

    [Fact]
    public async Task Run_ExitsWithCode2NamingTheKey_WhenWorkersIsZero()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory("jobs-process");
        using var workingDirectory = new TempDirectory("jobs-cwd");
        var port = DashboardProcess.FreePort();
        await using var app = DashboardProcess.Start(
            workingDirectory.Path,
            ["--urls", $"http://127.0.0.1:{port}"],
            new Dictionary<string, string>
            {
                ["Storage__DataDirectory"] = data.Path,
                ["JobEngine__Workers"] = "0",
            });

        var exitCode = await app.WaitForExitAsync(StartTimeout, ct);

        Assert.True(exitCode == 2, $"exit code {exitCode}\nstderr:\n{app.StandardError}\nstdout:\n{app.StandardOutput}");
        Assert.Contains("JobEngine:Workers", app.StandardError, StringComparison.Ordinal);
    }
}
