using Jobs.Scheduling.Model;
using Jobs.Scheduling.Tests.Fakes;
using Jobs.Scheduling.Triggers;
using Microsoft.Extensions.Time.Testing;

namespace Jobs.Scheduling.Tests.Triggers;

public sealed class ScheduleDescriberTests
{
    private static string Describe(string? cron = null, string? every = null, string zone = "UTC", DateTimeOffset? runAt = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
        var definition = new ScheduleDefinition { Name = "x", JobType = TestJob.Name, Cron = cron, Every = every, TimeZone = zone, RunAt = runAt };
        return ScheduleDescriber.Describe(Schedules.Validator(time).Validator.ValidateTrigger(definition));
    }

    [Theory]
    [InlineData("0 9 * * *", "Europe/Berlin", "every day at 09:00 Europe/Berlin")]
    [InlineData("0 0 9 * * ?", "UTC", "every day at 09:00 UTC")]
    [InlineData("*/15 * * * *", "UTC", "every 15 minutes")]
    [InlineData("* * * * *", "UTC", "every minute")]
    [InlineData("5 * * * *", "UTC", "every hour at minute 5")]
    [InlineData("0 */2 * * *", "UTC", "every 2 hours")]
    [InlineData("30 6 * * 1-5", "UTC", "every weekday (Monday to Friday) at 06:30 UTC")]
    [InlineData("0 18 * * 1,3", "America/New_York", "every Monday and Wednesday at 18:00 America/New_York")]
    [InlineData("0 0 1 * *", "UTC", "on the 1st of every month at 00:00 UTC")]
    [InlineData("0 9,17 * * *", "UTC", "every day at 09:00 and 17:00 UTC")]
    [InlineData("0 9 1-7 1 *", "UTC", "cron '0 9 1-7 1 *' UTC")]
    public void Cron_IsDescribedInPlainWords(string cron, string zone, string expected) =>
        Assert.Equal(expected, Describe(cron: cron, zone: zone));

    [Theory]
    [InlineData("every 15m", "every 15 minutes")]
    [InlineData("1h", "every hour")]
    [InlineData("2h", "every 2 hours")]
    [InlineData("1d", "every day")]
    [InlineData("1h30m", "every 90 minutes")]
    [InlineData("1w", "every week")]
    public void Interval_IsDescribedInPlainWords(string every, string expected) =>
        Assert.Equal(expected, Describe(every: every));

    [Fact]
    public void OneOff_IsDescribedInItsTimeZone() =>
        Assert.Equal("once at 2026-12-01 10:00 Europe/Berlin", Describe(runAt: new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero), zone: "Europe/Berlin"));
}
