using System.Text.Json;
using Jobs.Dashboard.Cli;

namespace Jobs.Dashboard.Tests.Cli;

/// <summary>What one CLI run printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Err)
{
    /// <summary>stdout parsed as the one JSON document of a <c>--json</c> run.</summary>
    public JsonElement Json()
    {
        using var doc = JsonDocument.Parse(Out);
        return doc.RootElement.Clone();
    }

    public override string ToString() => $"exit {ExitCode}\nstdout: {Out}\nstderr: {Err}";
}

/// <summary>Runs the CLI in this process, exactly as Program does, against a given data directory.</summary>
internal static class CliRunner
{
    public static async Task<CliResult> RunAsync(string dataDirectory, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error,
            [new("Storage:DataDirectory", dataDirectory)], TestContext.Current.CancellationToken);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>Asserts exit code 2 with exactly one line on stderr and nothing on stdout; returns that line.</summary>
    public static string AssertUsageError(CliResult result)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("", result.Out);
        var lines = result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        return lines[0];
    }
}
