using Jobs.Scheduling.Model;
using Jobs.Scheduling.Tests.Fakes;
using Jobs.Scheduling.Validation;
using Microsoft.Extensions.Time.Testing;

namespace Jobs.Scheduling.Tests.Services;

/// <summary>Every invalid input is refused with its field and message, and nothing is saved (real SQLite store).</summary>
public sealed class ScheduleValidationTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();
    private SchedulingTestHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await SchedulingTestHost.StartAsync(_dir.Path, new FakeTimeProvider(Now));

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _dir.Dispose();
    }

    public static TheoryData<string, string, string> InvalidInputs() => new()
    {
        { "malformed cron", "cron", "has 5 fields" },
        { "absurd range", "cron", "minute field '1--100000000'" },
        { "zero step", "cron", "the step in '*/0' must be from 1 to 59" },
        { "out of range", "cron", "70 is out of range (0 to 59)" },
        { "never fires", "cron", "would never fire" },
        { "unknown time zone", "timeZone", "Unknown time zone 'Mars/Olympus_Mons'" },
        { "unknown job type", "jobType", "Unknown job type 'no-such-type'" },
        { "end before start", "endAt", "must be after the start" },
        { "end passed", "endAt", "has already passed" },
        { "bad interval", "every", "'every fortnight' is not an interval" },
        { "zero interval", "every", "shorter than the shortest interval" },
        { "no trigger", "trigger", "Give a trigger" },
        { "two triggers", "trigger", "Give only one trigger" },
        { "bad name", "name", "is 1 to 90 letters" },
        { "blank name", "name", "A name is required" },
        { "bad json", "arguments", "not valid JSON" },
        { "args of wrong shape", "arguments", "do not fit job type 'test-job'" },
        { "one-off passed", "runAt", "has already passed" },
        { "bad queue", "queue", "A queue name is" },
        { "misfire cap", "misfireCap", "from 1 to 1000" },
    };

    [Theory]
    [MemberData(nameof(InvalidInputs))]
    public async Task Create_RefusesWithTheFieldsMessage_AndSavesNothing(string input, string field, string message)
    {
        var definition = Schedules.Valid();
        switch (input)
        {
            case "malformed cron": definition.Cron = "0 9 * *"; break;
            case "absurd range": definition.Cron = "1--100000000 * * * *"; break;
            case "zero step": definition.Cron = "*/0 * * * *"; break;
            case "out of range": definition.Cron = "70 * * * *"; break;
            case "never fires": definition.Cron = "0 0 30 2 *"; break;
            case "unknown time zone": definition.TimeZone = "Mars/Olympus_Mons"; break;
            case "unknown job type": definition.JobType = "no-such-type"; break;
            case "end before start": definition.StartAt = Now.AddDays(2); definition.EndAt = Now.AddDays(1); break;
            case "end passed": definition.EndAt = Now.AddDays(-1); break;
            case "bad interval": definition.Cron = null; definition.Every = "every fortnight"; break;
            case "zero interval": definition.Cron = null; definition.Every = "every 0m"; break;
            case "no trigger": definition.Cron = null; break;
            case "two triggers": definition.Every = "15m"; break;
            case "bad name": definition.Name = "no spaces allowed!"; break;
            case "blank name": definition.Name = "  "; break;
            case "bad json": definition.Arguments = "{not json"; break;
            case "args of wrong shape": definition.Arguments = """{"level":"high"}"""; break;
            case "one-off passed": definition.Cron = null; definition.RunAt = Now.AddMinutes(-1); break;
            case "bad queue": definition.Queue = "a queue with spaces"; break;
            case "misfire cap": definition.Misfire = ScheduleMisfirePolicy.FireAll; definition.MisfireCap = 0; break;
            default: throw new ArgumentOutOfRangeException(nameof(input), input, null);
        }

        var ex = await Assert.ThrowsAsync<ScheduleValidationException>(() => _host.Schedules.CreateAsync(definition, TestContext.Current.CancellationToken));

        Assert.True(ex.Errors.ContainsKey(field), $"expected an error on '{field}', got: {ex.Message}");
        Assert.Contains(ex.Errors[field], m => m.Contains(message, StringComparison.Ordinal));
        Assert.Empty(await _host.Schedules.ListAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Create_ReportsEveryProblemAtOnce()
    {
        var definition = Schedules.Valid();
        definition.Cron = "*/0 * * * *";
        definition.TimeZone = "Nowhere/Special";
        definition.JobType = "nope";

        var ex = await Assert.ThrowsAsync<ScheduleValidationException>(() => _host.Schedules.CreateAsync(definition, TestContext.Current.CancellationToken));

        Assert.Equal(["cron", "jobType", "timeZone"], ex.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Create_RefusesADuplicateName_AndKeepsTheFirst()
    {
        var ct = TestContext.Current.CancellationToken;
        await _host.Schedules.CreateAsync(Schedules.Valid("dup"), ct);
        var second = Schedules.Valid("dup");
        second.Cron = "0 10 * * *";

        var ex = await Assert.ThrowsAsync<ScheduleValidationException>(() => _host.Schedules.CreateAsync(second, ct));

        Assert.Equal("A schedule named 'dup' already exists.", Assert.Single(ex.Errors["name"]));
        var stored = Assert.Single(await _host.Schedules.ListAsync(ct));
        Assert.Equal("0 9 * * *", stored.Definition.Cron);
    }

    [Fact]
    public async Task Update_RefusesInvalidInput_AndKeepsTheStoredDefinition()
    {
        var ct = TestContext.Current.CancellationToken;
        await _host.Schedules.CreateAsync(Schedules.Valid("keep"), ct);
        var bad = Schedules.Valid("keep");
        bad.Cron = "1--100000000 * * * *";

        await Assert.ThrowsAsync<ScheduleValidationException>(() => _host.Schedules.UpdateAsync("keep", bad, ct));

        Assert.Equal("0 9 * * *", (await _host.Schedules.GetAsync("keep", ct))!.Definition.Cron);
    }

    [Fact]
    public void PreviewCron_RefusesWithTheField()
    {
        var ex = Assert.Throws<ScheduleValidationException>(() => _host.Schedules.PreviewCron("*/0 * * * *", "UTC", 5));
        Assert.Contains("step", Assert.Single(ex.Errors["cron"]), StringComparison.Ordinal);
        var count = Assert.Throws<ScheduleValidationException>(() => _host.Schedules.PreviewCron("0 9 * * *", "UTC", 0));
        Assert.True(count.Errors.ContainsKey("count"));
    }
}
