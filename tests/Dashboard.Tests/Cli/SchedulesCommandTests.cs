using System.Globalization;
using Jobs.Dashboard.Tests.Infrastructure;
using static Jobs.Dashboard.Tests.Cli.CliRunner;

namespace Jobs.Dashboard.Tests.Cli;

/// <summary>The <c>schedules</c> verbs against a temporary data directory with no server running.</summary>
public sealed class SchedulesCommandTests : IDisposable
{
    private readonly TempDirectory _data = new("schedules-cli");

    public void Dispose() => _data.Dispose();

    private Task<CliResult> Run(params string[] args) => RunAsync(_data.Path, args);

    private async Task<CliResult> Ok(params string[] args)
    {
        var result = await Run(args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    [Fact]
    public async Task Add_CreatesTheSchedule_AndListAndShowFindIt()
    {
        var add = await Ok("schedules", "add", "--name", "nightly", "--job-type", "noop", "--cron", "0 2 * * *", "--time-zone", "Europe/Berlin",
            "--queue", "reports", "--priority", "high", "--misfire", "fire-all", "--misfire-cap", "4", "--overlap", "queue",
            "--args", "{\"full\":true}", "--description", "Nightly rebuild", "--json");

        var created = add.Json();
        Assert.Equal("nightly", created.GetProperty("name").GetString());
        Assert.Equal("cron", created.GetProperty("kind").GetString());
        Assert.Equal("high", created.GetProperty("priority").GetString());
        Assert.Equal("fire-all", created.GetProperty("misfire").GetString());
        Assert.Equal(4, created.GetProperty("misfireCap").GetInt32());
        Assert.Equal("queue", created.GetProperty("overlap").GetString());
        Assert.True(created.GetProperty("args").GetProperty("full").GetBoolean());
        var next = created.GetProperty("nextFireTime").GetDateTimeOffset();
        Assert.Equal(2, TimeZoneInfo.ConvertTime(next, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")).Hour);

        var list = await Ok("schedules", "list", "--json");
        var names = list.Json().EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToList();
        Assert.Contains("nightly", names);
        var table = await Ok("schedules", "list");
        Assert.Contains("nightly", table.Out, StringComparison.Ordinal);
        Assert.Contains("every day at 02:00 Europe/Berlin", table.Out, StringComparison.Ordinal);
        var show = await Ok("schedules", "show", "nightly");
        Assert.Contains("Nightly rebuild", show.Out, StringComparison.Ordinal);
        Assert.Contains("fire-all (at most 4)", show.Out, StringComparison.Ordinal);
        Assert.Contains("No runs yet.", show.Out, StringComparison.Ordinal);
        Assert.Equal("reports", (await Ok("schedules", "show", "nightly", "--json")).Json().GetProperty("queue").GetString());
    }

    [Fact]
    public async Task Add_AcceptsAnIntervalAndAOneOffTime()
    {
        var every = (await Ok("schedules", "add", "--name", "often", "--job-type", "noop", "--every", "15m", "--json")).Json();
        var at = new DateTimeOffset(2099, 1, 2, 9, 30, 0, TimeSpan.Zero);
        // A time without an offset is read in --time-zone: 09:30 in New York is 14:30 UTC in January.
        var once = (await Ok("schedules", "add", "--name", "once", "--job-type", "noop", "--at", "2099-01-02T09:30", "--time-zone", "America/New_York", "--json")).Json();

        Assert.Equal("interval", every.GetProperty("kind").GetString());
        Assert.Equal("15m", every.GetProperty("every").GetString());
        Assert.Equal("once", once.GetProperty("kind").GetString());
        Assert.Equal(at.AddHours(5), once.GetProperty("runAt").GetDateTimeOffset());
        Assert.Equal(at.AddHours(5), once.GetProperty("nextFireTime").GetDateTimeOffset());
    }

    [Fact]
    public async Task Update_ChangesOnlyTheGivenFields_AndANewTriggerReplacesTheOld()
    {
        await Ok("schedules", "add", "--name", "report", "--job-type", "noop", "--every", "15m", "--queue", "reports", "--overlap", "allow");
        await Ok("schedules", "pause", "report");

        var updated = (await Ok("schedules", "update", "--name", "report", "--cron", "0 6 * * 1", "--priority", "low", "--json")).Json();

        Assert.Equal("cron", updated.GetProperty("kind").GetString());
        Assert.Equal("0 6 * * 1", updated.GetProperty("cron").GetString());
        Assert.False(updated.TryGetProperty("every", out _));
        Assert.Equal("low", updated.GetProperty("priority").GetString());
        Assert.Equal("reports", updated.GetProperty("queue").GetString());
        Assert.Equal("allow", updated.GetProperty("overlap").GetString());
        Assert.True(updated.GetProperty("paused").GetBoolean());
    }

    [Fact]
    public async Task PauseResumeRemove_ChangeTheStore()
    {
        await Ok("schedules", "add", "--name", "hourly", "--job-type", "noop", "--every", "1h");

        var pause = await Ok("schedules", "pause", "hourly", "--json");
        var resume = await Ok("schedules", "resume", "hourly");
        var remove = await Ok("schedules", "remove", "hourly");
        var show = await Run("schedules", "show", "hourly");

        Assert.True(pause.Json().GetProperty("paused").GetBoolean());
        Assert.Contains("Resumed schedule 'hourly'", resume.Out, StringComparison.Ordinal);
        Assert.Equal("Removed schedule 'hourly'.", remove.Out.Trim());
        Assert.Equal(1, show.ExitCode);
        Assert.Equal("Schedule 'hourly' not found.", show.Err.Trim());
    }

    [Fact]
    public async Task Trigger_EnqueuesAJobWithTheScheduleConventions_AndRunsListsIt()
    {
        await Ok("schedules", "add", "--name", "manual", "--job-type", "noop", "--cron", "0 0 1 1 *", "--queue", "reports");

        var trigger = await Ok("schedules", "trigger", "manual");
        var id = long.Parse(trigger.Out.Trim(), CultureInfo.InvariantCulture);
        var job = (await Ok("jobs", "show", id.ToString(CultureInfo.InvariantCulture), "--json")).Json();
        var runs = (await Ok("schedules", "runs", "manual", "--json")).Json();
        var runsText = await Ok("schedules", "runs", "manual");

        Assert.Contains("schedule:manual", job.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("manual", job.GetProperty("metadata").GetProperty("schedule").GetString());
        Assert.Equal("reports", job.GetProperty("queue").GetString());
        var run = Assert.Single(runs.GetProperty("items").EnumerateArray());
        Assert.Equal(id, run.GetProperty("jobId").GetInt64());
        Assert.False(run.GetProperty("finished").GetBoolean());
        Assert.Contains(id.ToString(CultureInfo.InvariantCulture), runsText.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trigger_Exits1WithTheReason_WhenTheOverlapPolicySkips()
    {
        await Ok("schedules", "add", "--name", "single", "--job-type", "noop", "--cron", "0 0 1 1 *", "--overlap", "skip");
        // No server runs here: the first run stays queued, so it is unfinished when the second trigger comes.
        await Ok("schedules", "trigger", "single");

        var again = await Run("schedules", "trigger", "single");

        Assert.Equal(1, again.ExitCode);
        Assert.Single(again.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("", again.Out);
        Assert.Single((await Ok("schedules", "runs", "single", "--json")).Json().GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Preview_PrintsTheNextFireTimes()
    {
        var json = (await Ok("schedules", "preview", "--cron", "0 9 * * *", "--time-zone", "America/New_York", "--count", "3", "--json")).Json();
        var text = await Ok("schedules", "preview", "--every", "2h", "--count", "2");

        var times = json.GetProperty("fireTimes").EnumerateArray().Select(t => t.GetDateTimeOffset()).ToList();
        Assert.Equal(3, times.Count);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        Assert.All(times, t => Assert.Equal(9, TimeZoneInfo.ConvertTime(t, zone).Hour));
        Assert.Equal(3, text.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("2 hours", text.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("schedules add --name x --job-type noop", "--cron|--every|--at:")]
    [InlineData("schedules add --name x --job-type noop --cron 61_*_*_*_*", "--cron:")]
    [InlineData("schedules add --name x --job-type noop --cron 0_9_*_*_* --every 15m", "--cron|--every|--at:")]
    [InlineData("schedules add --name x --job-type noop --every soon", "--every:")]
    [InlineData("schedules add --name x --job-type noop --every 15m --time-zone Mars/Olympus", "--time-zone: Unknown time zone 'Mars/Olympus'")]
    [InlineData("schedules add --name x --job-type no-such-type --every 15m", "--job-type: Unknown job type 'no-such-type'")]
    [InlineData("schedules add --name x --job-type noop --every 15m --args {bad", "--args:")]
    [InlineData("schedules add --name has/slash --job-type noop --every 15m", "--name:")]
    [InlineData("schedules add --name x --job-type noop --every 15m --queue has/slash", "--queue:")]
    [InlineData("schedules add --name x --job-type noop --every 15m --misfire sometimes", "--misfire 'sometimes' is not a misfire policy")]
    [InlineData("schedules add --name x --job-type noop --every 15m --overlap maybe", "--overlap 'maybe' is not an overlap policy")]
    [InlineData("schedules add --name x --job-type noop --every 15m --misfire-cap 0", "--misfire-cap:")]
    [InlineData("schedules add --name x --job-type noop --every 15m --priority urgent", "urgent")]
    [InlineData("schedules add --name x --job-type noop --at tomorrow", "--at 'tomorrow' is not a time")]
    [InlineData("schedules add --name x --job-type noop --at 2001-01-01T00:00:00Z", "--at:")]
    [InlineData("schedules add --name x --job-type noop --every 15m --start 2030-01-02 --end 2030-01-01", "--end:")]
    [InlineData("schedules add --name x --job-type noop --every 15m --end someday", "--end 'someday' is not a time")]
    [InlineData("schedules add --job-type noop --every 15m", "--name")]
    [InlineData("schedules update --cron 0_9_*_*_*", "--name")]
    [InlineData("schedules show", "name")]
    [InlineData("schedules runs x --limit 0", "--limit must be from 1 to 500")]
    [InlineData("schedules preview", "Give --cron or --every")]
    [InlineData("schedules preview --cron 0_9_*_*_* --count 0", "--count:")]
    [InlineData("schedules preview --cron 0_9_*_*_* --time-zone Nowhere", "--time-zone:")]
    [InlineData("schedules frobnicate", "frobnicate")]
    [InlineData("schedules", "Required command was not provided")]
    public async Task Verbs_Exit2WithOneLineReasonNamingTheOption_AndStoreNothing_WhenInputIsBad(string args, string reason)
    {
        // Underscores stand for the spaces inside one argument (a cron expression).
        var result = await Run([.. args.Split(' ').Select(a => a.Replace('_', ' '))]);

        Assert.Contains(reason, AssertUsageError(result), StringComparison.Ordinal);
        var show = await Run("schedules", "show", "x");
        Assert.Equal(1, show.ExitCode);
    }

    [Fact]
    public async Task Update_Exits2NamingTheOption_AndKeepsTheSchedule_WhenInputIsBad()
    {
        await Ok("schedules", "add", "--name", "keep", "--job-type", "noop", "--every", "15m");

        var result = await Run("schedules", "update", "--name", "keep", "--cron", "not a cron");

        Assert.StartsWith("--cron:", AssertUsageError(result), StringComparison.Ordinal);
        Assert.Equal("15m", (await Ok("schedules", "show", "keep", "--json")).Json().GetProperty("every").GetString());
    }

    [Fact]
    public async Task Add_Exits1AndKeepsTheFirst_WhenTheNameIsTaken()
    {
        await Ok("schedules", "add", "--name", "taken", "--job-type", "noop", "--every", "15m");

        var again = await Run("schedules", "add", "--name", "taken", "--job-type", "noop", "--cron", "0 9 * * *");

        Assert.Equal(1, again.ExitCode);
        Assert.Equal("A schedule named 'taken' already exists (change it with 'schedules update').", again.Err.Trim());
        Assert.Equal("interval", (await Ok("schedules", "show", "taken", "--json")).Json().GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData("show")]
    [InlineData("pause")]
    [InlineData("resume")]
    [InlineData("trigger")]
    [InlineData("remove")]
    [InlineData("runs")]
    public async Task Verbs_Exit1_WhenTheScheduleIsUnknown(string verb)
    {
        var result = await Run("schedules", verb, "no-such-schedule");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Schedule 'no-such-schedule' not found.", result.Err.Trim());
    }

    [Fact]
    public async Task Update_Exits1_WhenTheScheduleIsUnknown()
    {
        var result = await Run("schedules", "update", "--name", "no-such-schedule", "--every", "5m");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Schedule 'no-such-schedule' not found.", result.Err.Trim());
    }

    [Fact]
    public async Task Help_DescribesEveryVerbAndTheTriggerOptions()
    {
        var help = await Ok("schedules", "--help");
        var add = await Ok("schedules", "add", "--help");

        foreach (var verb in new[] { "list", "show", "add", "update", "pause", "resume", "trigger", "remove", "runs", "preview" })
        {
            Assert.Contains(verb, help.Out, StringComparison.Ordinal);
        }

        foreach (var option in new[] { "--name", "--job-type", "--args", "--cron", "--every", "--at", "--time-zone", "--queue", "--priority", "--start", "--end", "--misfire", "--overlap" })
        {
            Assert.Contains(option, add.Out, StringComparison.Ordinal);
        }
    }
}
