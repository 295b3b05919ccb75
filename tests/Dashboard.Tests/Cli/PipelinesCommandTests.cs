using Jobs.Dashboard.Tests.Api;
using Jobs.Dashboard.Tests.Infrastructure;
using static Jobs.Dashboard.Tests.Cli.CliRunner;

namespace Jobs.Dashboard.Tests.Cli;

/// <summary><c>pipelines submit --file</c> against a temporary data directory with no server running.</summary>
public sealed class PipelinesCommandTests : IDisposable
{
    private readonly TempDirectory _data = new("jobs-cli-pipelines");

    public void Dispose() => _data.Dispose();

    private Task<CliResult> Run(params string[] args) => RunAsync(_data.Path, args);

    private string WriteFile(string name, string text)
    {
        var path = Path.Combine(_data.Path, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Submit_PrintsEachStepsJob_AndTheJobsWaitOnEachOther()
    {
        var file = WriteFile("pipeline.json", PipelinesApiTests.ExamplePipeline());

        var result = await Run("pipelines", "submit", "--file", file, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var steps = result.Json().GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(["load", "validate", "statistics", "report"], steps.Select(s => s.GetProperty("step").GetString()));
        Assert.Equal("enqueued", steps[0].GetProperty("state").GetString());
        Assert.All(steps.Skip(1), s => Assert.Equal("awaitingDependencies", s.GetProperty("state").GetString()));
        var report = await Run("jobs", "show", steps[3].GetProperty("jobId").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
        // The report reads the validated rows (fromStep) and waits for the statistics (dependsOn).
        Assert.Equal(
            [steps[1].GetProperty("jobId").GetInt64(), steps[2].GetProperty("jobId").GetInt64()],
            report.Json().GetProperty("dependsOn").EnumerateArray().Select(d => d.GetProperty("jobId").GetInt64()).Order());
    }

    [Fact]
    public async Task Submit_Exits2WithOneLineAndEnqueuesNothing_WhenAStepNamesAnUnknownType()
    {
        var file = WriteFile("bad.json", """{"name":"bad","steps":[{"name":"a","type":"noop"},{"name":"b","type":"no_such_type","dependsOn":["a"]}]}""");

        var line = AssertUsageError(await Run("pipelines", "submit", "--file", file));

        Assert.Contains("steps[1].type: Unknown job type 'no_such_type'.", line, StringComparison.Ordinal);
        var list = await Run("jobs", "list", "--json");
        Assert.Empty(list.Json().GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("{\"name\":\"x\",\"steps\":[", "--file: broken.json is not a pipeline document")]
    [InlineData(null, "--file: no file at")]
    public async Task Submit_Exits2WithOneLine_WhenTheFileIsMissingOrNotJson(string? content, string expected)
    {
        var path = content is null ? Path.Combine(_data.Path, "missing.json") : WriteFile("broken.json", content);

        var line = AssertUsageError(await Run("pipelines", "submit", "--file", path));

        Assert.StartsWith(expected, line, StringComparison.Ordinal);
    }
}
