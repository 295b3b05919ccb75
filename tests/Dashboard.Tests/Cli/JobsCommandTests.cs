using System.Globalization;
using Jobs.Dashboard.Tests.Infrastructure;
using static Jobs.Dashboard.Tests.Cli.CliRunner;

namespace Jobs.Dashboard.Tests.Cli;

/// <summary>The <c>jobs</c> verbs against a temporary data directory with no server running.</summary>
public sealed class JobsCommandTests : IDisposable
{
    private readonly TempDirectory _data = new("jobs-cli");

    public void Dispose() => _data.Dispose();

    private Task<CliResult> Run(params string[] args) => RunAsync(_data.Path, args);

    private async Task<long> EnqueueAsync(params string[] extra)
    {
        var result = await Run(["jobs", "enqueue", "noop", .. extra]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return long.Parse(result.Out.Trim(), CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Enqueue_PrintsTheNewId_AndListAndShowFindIt()
    {
        var id = await EnqueueAsync("--delay", "1h", "--priority", "high", "--queue", "reports", "--tag", "a", "--tag", "b",
            "--max-retries", "5", "--timeout", "30s", "--args", "{}");

        var list = await Run("jobs", "list", "--json");
        var show = await Run("jobs", "show", id.ToString(CultureInfo.InvariantCulture), "--json");
        var table = await Run("jobs", "list", "--status", "scheduled");

        Assert.True(list.ExitCode == 0, list.ToString());
        var item = Assert.Single(list.Json().GetProperty("items").EnumerateArray());
        Assert.Equal(id, item.GetProperty("id").GetInt64());
        var job = show.Json();
        Assert.Equal("scheduled", job.GetProperty("state").GetString());
        Assert.Equal("high", job.GetProperty("priority").GetString());
        Assert.Equal("reports", job.GetProperty("queue").GetString());
        Assert.Equal(["a", "b"], job.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(5, job.GetProperty("maxRetries").GetInt32());
        Assert.Equal("00:00:30", job.GetProperty("timeout").GetString());
        Assert.Contains("scheduled", table.Out, StringComparison.Ordinal);
        Assert.Contains("reports", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enqueue_RecordsDependencies_WhenDependsOnIsGiven()
    {
        var parent = await EnqueueAsync("--delay", "1h");

        var child = await EnqueueAsync("--depends-on", $"{parent}:failure");
        var show = await Run("jobs", "show", child.ToString(CultureInfo.InvariantCulture), "--json");

        var edge = Assert.Single(show.Json().GetProperty("dependsOn").EnumerateArray());
        Assert.Equal(parent, edge.GetProperty("jobId").GetInt64());
        Assert.Equal("onFailure", edge.GetProperty("condition").GetString());
    }

    [Theory]
    [InlineData("no-such-type", "Unknown job type 'no-such-type'")]
    [InlineData("noop --args {bad", "not valid JSON")]
    [InlineData("noop --delay soon", "'soon' is not a duration for --delay")]
    [InlineData("noop --timeout 5parsecs", "is not a duration for --timeout")]
    [InlineData("noop --priority urgent", "urgent")]
    [InlineData("noop --max-retries many", "many")]
    [InlineData("noop --max-retries -1", "maxRetries")]
    [InlineData("noop --depends-on 12:eventually", "--depends-on '12:eventually'")]
    [InlineData("noop --queue has/slash", "queue")]
    [InlineData("", "Required argument 'type' missing")]
    public async Task Enqueue_Exits2WithOneLineReasonAndStoresNothing_WhenInputIsBad(string args, string reason)
    {
        var result = await Run(["jobs", "enqueue", .. args.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);

        var line = AssertUsageError(result);
        Assert.Contains(reason, line, StringComparison.OrdinalIgnoreCase);
        var list = await Run("jobs", "list", "--json");
        Assert.Empty(list.Json().GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("jobs list --status finished", "--status 'finished' is not a job state")]
    [InlineData("jobs list --limit 0", "--limit must be from 1 to 500")]
    [InlineData("jobs list --cursor abc", "cursor")]
    [InlineData("jobs show abc", "abc")]
    [InlineData("jobs cleanup", "--retention-days")]
    [InlineData("jobs cleanup --retention-days -3", "--retention-days must be 0 or more")]
    [InlineData("jobs frobnicate", "frobnicate")]
    [InlineData("frobnicate", "frobnicate")]
    [InlineData("jobs", "Required command was not provided")]
    public async Task Verbs_Exit2WithOneLineReason_WhenUsageIsBad(string args, string reason)
    {
        var result = await Run(args.Split(' '));

        Assert.Contains(reason, AssertUsageError(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_Exits1_WhenIdIsUnknown()
    {
        var result = await Run("jobs", "show", "4242");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Job 4242 not found.", result.Err.Trim());
    }

    [Fact]
    public async Task CancelRetryCleanup_ChangeTheStore_AndExit1WithReason_WhenStateForbids()
    {
        var id = (await EnqueueAsync("--delay", "1h")).ToString(CultureInfo.InvariantCulture);

        var retryWaiting = await Run("jobs", "retry", id);
        var cancel = await Run("jobs", "cancel", id, "--reason", "not needed");
        var cancelAgain = await Run("jobs", "cancel", id);
        var cleanup = await Run("jobs", "cleanup", "--retention-days", "0", "--json");
        var gone = await Run("jobs", "show", id);

        Assert.Equal(1, retryWaiting.ExitCode);
        Assert.Contains("only failed, dead-lettered or cancelled jobs can be retried", retryWaiting.Err, StringComparison.Ordinal);
        Assert.True(cancel.ExitCode == 0, cancel.ToString());
        Assert.Contains($"Job {id} cancelled", cancel.Out, StringComparison.Ordinal);
        Assert.Equal(1, cancelAgain.ExitCode);
        Assert.Contains("already Cancelled", cancelAgain.Err, StringComparison.Ordinal);
        Assert.Equal(1, cleanup.Json().GetProperty("count").GetInt32());
        Assert.Equal(1, gone.ExitCode);
    }

    [Fact]
    public async Task Cleanup_KeepsJobsYoungerThanTheRetention()
    {
        var id = (await EnqueueAsync("--delay", "1h")).ToString(CultureInfo.InvariantCulture);
        Assert.Equal(0, (await Run("jobs", "cancel", id)).ExitCode);

        var cleanup = await Run("jobs", "cleanup", "--retention-days", "7");

        Assert.Equal(0, cleanup.ExitCode);
        Assert.Contains("Deleted 0 finished jobs", cleanup.Out, StringComparison.Ordinal);
        Assert.Equal(0, (await Run("jobs", "show", id)).ExitCode);
    }

    [Fact]
    public async Task Types_ListsRegisteredTypesWithSchemas()
    {
        var text = await Run("jobs", "types");
        var json = await Run("jobs", "types", "--json");

        Assert.Contains("demo.count", text.Out, StringComparison.Ordinal);
        var types = json.Json().EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        Assert.Contains("noop", types.Keys);
        Assert.True(types["demo.count"].GetProperty("argumentsSchema").GetProperty("properties").TryGetProperty("steps", out _));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("jobs --help")]
    [InlineData("jobs enqueue --help")]
    [InlineData("jobs list -h")]
    [InlineData("jobs cleanup --help")]
    [InlineData("dlq --help")]
    [InlineData("dlq retry --help")]
    [InlineData("dlq purge --help")]
    public async Task Help_IsAvailableAtEveryLevel(string args)
    {
        var result = await Run(args.Split(' '));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Usage:", result.Out, StringComparison.Ordinal);
        Assert.Contains("--json", result.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_data.Path, "jobs.db")), "help must not open the store");
    }

    [Fact]
    public async Task Output_KeepsHtmlAsText_InJson()
    {
        const string markup = "<script>alert(1)</script>";
        var id = (await EnqueueAsync("--delay", "1h", "--tag", markup)).ToString(CultureInfo.InvariantCulture);

        var show = await Run("jobs", "show", id, "--json");

        Assert.Equal(markup, show.Json().GetProperty("tags")[0].GetString());
    }
}
