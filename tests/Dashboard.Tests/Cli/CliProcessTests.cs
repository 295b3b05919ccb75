using System.Globalization;
using Jobs.Dashboard.Tests.Infrastructure;

namespace Jobs.Dashboard.Tests.Cli;

/// <summary>The CLI as users run it: the built executable, a verb, and the exit code and streams it leaves.</summary>
public sealed class CliProcessTests : IDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _data = new("jobs-cli-process");

    public void Dispose() => _data.Dispose();

    private async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        await using var process = DashboardProcess.Start(RepositoryPaths.Root, args,
            new Dictionary<string, string> { ["Storage__DataDirectory"] = _data.Path });
        var code = await process.WaitForExitAsync(ExitTimeout, TestContext.Current.CancellationToken);
        return (code, process.StandardOutput, process.StandardError);
    }

    [Fact]
    public async Task Verb_EnqueuesAndExits0_ThenBadInputExits2WithOneLine()
    {
        var enqueue = await RunAsync("jobs", "enqueue", "noop", "--delay", "1h");
        var bad = await RunAsync("jobs", "enqueue", "noop", "--args", "[1,");
        var list = await RunAsync("jobs", "list", "--json");

        Assert.True(enqueue.Code == 0, enqueue.Err);
        var id = long.Parse(enqueue.Out.Trim(), CultureInfo.InvariantCulture);
        Assert.Equal(2, bad.Code);
        var line = Assert.Single(bad.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("args: The arguments are not valid JSON", line, StringComparison.Ordinal);
        Assert.Equal(0, list.Code);
        Assert.Contains($"\"id\": {id}", list.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_data.Path, "jobs.db")));
    }

    [Fact]
    public async Task Help_ExitsZeroAndNamesTheVerbs()
    {
        var help = await RunAsync("--help");

        Assert.Equal(0, help.Code);
        Assert.Contains("jobs", help.Out, StringComparison.Ordinal);
        Assert.Contains("dlq", help.Out, StringComparison.Ordinal);
        Assert.Contains("no verb", help.Out, StringComparison.Ordinal);
    }
}
