using System.Text.Json;
using Jobs.Dashboard.Cli;

namespace Jobs.Dashboard.Tests.Cli;

/// <summary><c>anomalies detect</c> end to end: parsed by a root command, output captured from the invocation's writers.</summary>
public sealed class AnomaliesCommandTests : IDisposable
{
    private static readonly string Reference = Path.Combine(AppContext.BaseDirectory, "Cli", "Reference", "synthetic_spikes.json");
    private readonly string _directory = Directory.CreateTempSubdirectory("anomalies-cli-").FullName;

    [Fact]
    public async Task Detect_PrintsTheStatsmodelsDecompositionAndFlags_AsJson_WhenRobust()
    {
        var (exit, stdout, stderr) = await RunAsync("anomalies", "detect", "--input", Reference, "--period", "24", "--method", "stl", "--robust",
            "--seasonal", "7", "--trend", "47", "--low-pass", "25", "--json");

        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var reference = JsonDocument.Parse(await File.ReadAllTextAsync(Reference, TestContext.Current.CancellationToken));
        using var output = JsonDocument.Parse(stdout);
        var expected = reference.RootElement.GetProperty("robust_stl");
        var tolerance = 1e-9 * Math.Max(1, reference.RootElement.GetProperty("values").EnumerateArray().Max(v => Math.Abs(v.GetDouble())));
        foreach (var component in new[] { "trend", "seasonal", "resid", "weights" })
        {
            AssertClose(expected.GetProperty(component), output.RootElement.GetProperty(component), tolerance, component);
        }

        var flags = reference.RootElement.GetProperty("robust_stl_anomalies");
        Assert.Equal(Ints(flags.GetProperty("flagged_indices")), Ints(output.RootElement.GetProperty("flagged")));
        AssertClose(flags.GetProperty("scores"), output.RootElement.GetProperty("scores"), 1e-6, "scores");
        Assert.Equal(15, output.RootElement.GetProperty("stl").GetProperty("outer_iter").GetInt32());
    }

    [Fact]
    public async Task Detect_LeavesOutWeights_WhenNotRobust_AndFlagsTheZScoreReferencePoints()
    {
        var (exit, stdout, _) = await RunAsync("anomalies", "detect", "--input", Reference, "--period", "24", "--method", "zscore", "--threshold", "2", "--sample-std", "--json");

        Assert.Equal(0, exit);
        using var output = JsonDocument.Parse(stdout);
        Assert.False(output.RootElement.TryGetProperty("weights", out _));
        Assert.Equal(336, output.RootElement.GetProperty("trend").GetArrayLength());
        Assert.Equal([16, 19, 230, 317, 319], Ints(output.RootElement.GetProperty("flagged")));
    }

    [Fact]
    public async Task Detect_PrintsATable_WithEachCombinedAnomalyOnce()
    {
        var csv = Write("series.csv", "timestamp,value\n" + string.Join('\n', Enumerable.Range(0, 96).Select(t =>
            $"2026-01-{1 + (t / 24):00}T{t % 24:00}:00Z,{(10 + (3 * Math.Sin(2 * Math.PI * t / 24)) + (t == 50 ? 25 : 0)).ToString(System.Globalization.CultureInfo.InvariantCulture)}")));

        var (exit, stdout, stderr) = await RunAsync("anomalies", "detect", "--input", csv, "--period", "24", "--method", "combined");

        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        var row = Assert.Single(stdout.Split('\n'), l => l.Contains("2026-01-03T02:00Z", StringComparison.Ordinal));
        Assert.Contains("zscore,stl", row, StringComparison.Ordinal);
        Assert.Contains("critical", row, StringComparison.Ordinal);
        Assert.Contains("96 points, method combined", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Detect_ReadsOneValuePerLine()
    {
        var csv = Write("plain.csv", string.Join('\n', Enumerable.Range(0, 30).Select(t => t == 7 ? "100" : "1")) + "\n");

        var (exit, stdout, _) = await RunAsync("anomalies", "detect", "--input", csv, "--method", "zscore", "--json");

        Assert.Equal(0, exit);
        using var output = JsonDocument.Parse(stdout);
        Assert.Equal([7], Ints(output.RootElement.GetProperty("flagged")));
    }

    public static TheoryData<string, string[], string> BadInputs => new()
    {
        { "[1, 2, \"x\"]", ["--period", "2"], "[2] is not a finite number" },
        { "{\"points\": [1, 2]}", ["--period", "2"], "'values' array" },
        { "1\n2\nabc\n", ["--method", "zscore"], "line 3: 'abc' is not a finite number" },
        { "time,reading\n1,2\n", ["--method", "zscore"], "'value' column" },
        { "", ["--method", "zscore"], "holds no values" },
        { "[1, 2, 3, 4, 5, 6]", ["--period", "4"], "--input: values has 6 points; STL needs at least two periods (8)" },
        { "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]", ["--period", "2", "--seasonal", "8"], "--seasonal: seasonal must be an odd integer >= 3 (was 8)" },
        { "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]", ["--period", "2", "--trend-deg", "2"], "--trend-deg: trend_deg must be 0 or 1" },
        { "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]", ["--method", "stl"], "--period: The stl method needs a period" },
        { "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]", ["--method", "magic"], "--method: method must be zscore, stl or combined" },
        { "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]", ["--method", "zscore", "--threshold", "0"], "--threshold: threshold must be a positive number" },
        { "[1, 2, 3]", ["--method", "zscore", "--sample-std", "--population-std"], "not both" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Detect_ExitsWithTwoAndOneLine_WhenTheInputIsBad(string content, string[] options, string reason)
    {
        var file = Write("bad.json", content);

        var (exit, stdout, stderr) = await RunAsync(["anomalies", "detect", "--input", file, .. options]);

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(reason, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Detect_ExitsWithTwo_WhenTheFileIsMissing()
    {
        var (exit, _, stderr) = await RunAsync("anomalies", "detect", "--input", Path.Combine(_directory, "nope.csv"), "--method", "zscore");

        Assert.Equal(2, exit);
        Assert.Contains("Cannot read", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsEveryContractOption()
    {
        var (_, stdout, _) = await RunAsync("anomalies", "detect", "--help");

        foreach (var option in new[] { "--input", "--period", "--method", "--robust", "--threshold", "--seasonal", "--trend", "--low-pass", "--seasonal-deg", "--trend-deg", "--low-pass-deg", "--seasonal-jump", "--trend-jump", "--low-pass-jump", "--inner", "--outer", "--population-std", "--sample-std", "--json" })
        {
            Assert.Contains(option, stdout, StringComparison.Ordinal);
        }
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        // Through the real CLI root: its --json, its parse-error exit code 2.
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.RunAsync(args, output, error, cancellationToken: TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static int[] Ints(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetInt32())];

    private static void AssertClose(JsonElement expected, JsonElement actual, double tolerance, string what)
    {
        var e = expected.EnumerateArray().Select(x => x.GetDouble()).ToArray();
        var a = actual.EnumerateArray().Select(x => x.GetDouble()).ToArray();
        Assert.Equal(e.Length, a.Length);
        var worst = e.Zip(a, (x, y) => Math.Abs(x - y)).Max();
        Assert.True(worst <= tolerance, $"{what}: largest difference {worst:E3} exceeds {tolerance:E3}");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
