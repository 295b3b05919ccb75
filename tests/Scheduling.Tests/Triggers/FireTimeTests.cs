using Jobs.Scheduling.Execution;
using Jobs.Scheduling.Model;
using Jobs.Scheduling.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;
using Quartz;
using Quartz.Extensibility;

namespace Jobs.Scheduling.Tests.Triggers;

/// <summary>Fire times are computed from the triggers, never waited for.</summary>
public sealed class FireTimeTests
{
    private static readonly int[] MissedHours = [11, 12, 13];

    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi = 0) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    [Fact]
    public void Cron_KeepsLocalNineOClock_AcrossSpringDaylightSavingChange()
    {
        // Berlin moves from UTC+1 to UTC+2 on 2026-03-29.
        var time = new FakeTimeProvider(Utc(2026, 3, 27, 12));
        var definition = Schedules.Valid();
        definition.TimeZone = "Europe/Berlin";

        var times = Schedules.FireTimes(time, definition, 3);

        Assert.Equal([Utc(2026, 3, 28, 8), Utc(2026, 3, 29, 7), Utc(2026, 3, 30, 7)], times);
    }

    [Fact]
    public void Cron_QuartzSixFieldForm_GivesTheSameTimesAsUnixForm()
    {
        var time = new FakeTimeProvider(Utc(2026, 3, 27, 12));
        var unix = Schedules.Valid();
        unix.Cron = "30 6 * * 1-5";
        var quartz = Schedules.Valid();
        quartz.Cron = "0 30 6 ? * MON-FRI";

        Assert.Equal(Schedules.FireTimes(time, unix, 5), Schedules.FireTimes(time, quartz, 5));
        Assert.Equal(Utc(2026, 3, 30, 6, 30), Schedules.FireTimes(time, unix, 1)[0]); // Saturday 28th skipped to Monday
    }

    [Fact]
    public void Interval_OfOneDay_KeepsLocalHour_AcrossAutumnDaylightSavingChange()
    {
        // Berlin moves from UTC+2 to UTC+1 on 2026-10-25.
        var time = new FakeTimeProvider(Utc(2026, 10, 23, 12));
        var definition = Schedules.Valid();
        definition.Cron = null;
        definition.Every = "1d";
        definition.TimeZone = "Europe/Berlin";
        definition.StartAt = Utc(2026, 10, 24, 7); // 09:00 local

        var times = Schedules.FireTimes(time, definition, 3);

        Assert.Equal([Utc(2026, 10, 24, 7), Utc(2026, 10, 25, 8), Utc(2026, 10, 26, 8)], times);
    }

    [Fact]
    public void Interval_FirstFiresOneIntervalFromNow_ThenEveryInterval()
    {
        var now = Utc(2026, 11, 25, 10, 7);
        var time = new FakeTimeProvider(now);
        var definition = Schedules.Valid();
        definition.Cron = null;
        definition.Every = "every 15m";

        var times = Schedules.FireTimes(time, definition, 3);

        Assert.Equal([now.AddMinutes(15), now.AddMinutes(30), now.AddMinutes(45)], times);
    }

    [Fact]
    public void Interval_WithStartInThePast_KeepsItsPhase_AndNeverFiresForThePast()
    {
        var time = new FakeTimeProvider(Utc(2026, 11, 25, 10, 7));
        var definition = Schedules.Valid();
        definition.Cron = null;
        definition.Every = "2h";
        definition.StartAt = Utc(2026, 11, 20, 1);

        var times = Schedules.FireTimes(time, definition, 2);

        Assert.Equal([Utc(2026, 11, 25, 11), Utc(2026, 11, 25, 13)], times);
    }

    [Fact]
    public void OneOff_FiresExactlyOnce()
    {
        var time = new FakeTimeProvider(Utc(2026, 11, 25, 10));
        var definition = Schedules.Valid();
        definition.Cron = null;
        definition.RunAt = Utc(2026, 12, 1, 9);

        var times = Schedules.FireTimes(time, definition, 5);

        Assert.Equal([Utc(2026, 12, 1, 9)], times);
    }

    [Fact]
    public void EndDate_StopsTheSchedule()
    {
        var time = new FakeTimeProvider(Utc(2026, 11, 25, 10));
        var definition = Schedules.Valid();
        definition.Cron = null;
        definition.Every = "1h";
        definition.EndAt = Utc(2026, 11, 25, 13, 30);

        var times = Schedules.FireTimes(time, definition, 10);

        Assert.Equal([Utc(2026, 11, 25, 11), Utc(2026, 11, 25, 12), Utc(2026, 11, 25, 13)], times);
    }

    [Theory]
    [InlineData(ScheduleMisfirePolicy.FireOnce, "2026-11-25T13:30:00Z")] // fires now, for all missed times together
    [InlineData(ScheduleMisfirePolicy.Skip, "2026-11-25T14:00:00Z")] // waits for the next regular time
    [InlineData(ScheduleMisfirePolicy.FireAll, "2026-11-25T11:00:00Z")] // replays from the first missed time
    public void Misfire_AfterDowntime_NextFireFollowsThePolicy(ScheduleMisfirePolicy policy, string expectedNext)
    {
        var time = new FakeTimeProvider(Utc(2026, 11, 25, 10));
        var definition = Schedules.Valid();
        definition.Cron = null;
        definition.Every = "1h";
        definition.Misfire = policy;
        var (validator, triggers) = Schedules.Validator(time);
        var trigger = (IOperableTrigger)triggers.Build(validator.Validate(definition), time.GetUtcNow());
        trigger.ComputeFirstFireTimeUtc(null);

        time.Advance(TimeSpan.FromHours(3.5)); // down from 10:00 to 13:30: 11:00, 12:00 and 13:00 missed
        trigger.UpdateAfterMisfire(null);

        Assert.Equal(DateTimeOffset.Parse(expectedNext, System.Globalization.CultureInfo.InvariantCulture), trigger.NextFireTimeUtc);
    }

    [Theory]
    [InlineData(ScheduleMisfirePolicy.FireOnce, "2026-11-25T13:30:00Z")]
    [InlineData(ScheduleMisfirePolicy.Skip, "2026-11-25T14:00:00Z")]
    [InlineData(ScheduleMisfirePolicy.FireAll, "2026-11-25T11:00:00Z")]
    public void Misfire_OfACron_AfterDowntime_NextFireFollowsThePolicy(ScheduleMisfirePolicy policy, string expectedNext)
    {
        var time = new FakeTimeProvider(Utc(2026, 11, 25, 10, 30));
        var definition = Schedules.Valid();
        definition.Cron = "0 * * * *";
        definition.Misfire = policy;
        var (validator, triggers) = Schedules.Validator(time);
        var trigger = (IOperableTrigger)triggers.Build(validator.Validate(definition), time.GetUtcNow());
        trigger.ComputeFirstFireTimeUtc(null);

        time.Advance(TimeSpan.FromHours(3)); // down from 10:30 to 13:30
        trigger.UpdateAfterMisfire(null);

        Assert.Equal(DateTimeOffset.Parse(expectedNext, System.Globalization.CultureInfo.InvariantCulture), trigger.NextFireTimeUtc);
    }

    [Theory]
    [InlineData(ScheduleMisfirePolicy.FireOnce, true)]
    [InlineData(ScheduleMisfirePolicy.FireAll, true)]
    [InlineData(ScheduleMisfirePolicy.Skip, false)]
    public void Misfire_OfAOneOff_FiresLateOrIsDropped(ScheduleMisfirePolicy policy, bool firesLate)
    {
        var time = new FakeTimeProvider(Utc(2026, 11, 25, 10));
        var definition = Schedules.Valid();
        definition.Cron = null;
        definition.RunAt = Utc(2026, 11, 25, 11);
        definition.Misfire = policy;
        var (validator, triggers) = Schedules.Validator(time);
        var trigger = (IOperableTrigger)triggers.Build(validator.Validate(definition), time.GetUtcNow());
        trigger.ComputeFirstFireTimeUtc(null);

        time.Advance(TimeSpan.FromHours(2));
        trigger.UpdateAfterMisfire(null);

        Assert.Equal(firesLate ? Utc(2026, 11, 25, 12) : null, trigger.NextFireTimeUtc);
    }

    [Fact]
    public void FireAll_EnqueuesOnlyTheLatestMissedFires_UpToTheCap()
    {
        var time = new FakeTimeProvider(Utc(2026, 11, 25, 10));
        var definition = Schedules.Valid();
        definition.Cron = null;
        definition.Every = "1h";
        var (validator, triggers) = Schedules.Validator(time);
        var trigger = triggers.Build(validator.Validate(definition), time.GetUtcNow());
        var now = Utc(2026, 11, 25, 13, 30);
        var threshold = TimeSpan.FromMinutes(1);

        var decisions = MissedHours.Select(h => MissedFirePolicy.ShouldEnqueue(trigger, Utc(2026, 11, 25, h), now, threshold, cap: 2)).ToArray();

        Assert.Equal([false, true, true], decisions);
        Assert.True(MissedFirePolicy.ShouldEnqueue(trigger, now.AddSeconds(-30), now, threshold, cap: 1)); // on time: always
    }

    [Fact]
    public void FireTimes_ComeFromQuartzCronParsing_ForBothFormats()
    {
        Assert.Equal("0 0 9 ? * MON-FRI", CronExpression.Parse("0 9 * * 1-5", CronFormat.Unix).CronExpressionString);
    }
}
