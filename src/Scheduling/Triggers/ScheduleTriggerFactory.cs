using Jobs.Scheduling.Configuration;
using Jobs.Scheduling.Model;
using Jobs.Scheduling.Validation;
using Microsoft.Extensions.Options;
using Quartz;

namespace Jobs.Scheduling.Triggers;

/// <summary>Turns a validated schedule into the Quartz trigger that fires it, and computes its fire times.</summary>
internal sealed class ScheduleTriggerFactory(TimeProvider time, IOptions<JobSchedulingOptions> options)
{
    /// <summary>Builds the trigger for <paramref name="schedule"/> as of <paramref name="now"/>.</summary>
    /// <remarks>
    /// A start in the past never fires for the past: a cron trigger starts now, an interval trigger keeps its phase
    /// and starts at its first fire time from now. Without a start an interval first fires one interval from now.
    /// </remarks>
    public ITrigger Build(ValidatedSchedule schedule, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var d = schedule.Definition;
        var start = schedule.Kind switch
        {
            ScheduleTriggerKind.Once => d.RunAt!.Value,
            ScheduleTriggerKind.Interval => d.StartAt ?? now + schedule.Interval!.Value.Length,
            _ => d.StartAt is { } s && s > now ? s : now,
        };
        var trigger = Create(schedule, start);
        if (schedule.Kind == ScheduleTriggerKind.Interval && start < now && trigger.GetFireTimeAfter(now.AddTicks(-1)) is { } next)
        {
            trigger = Create(schedule, next);
        }

        return trigger;
    }

    /// <summary>The first time the schedule would fire if created at <paramref name="now"/>; null when it never would.</summary>
    public DateTimeOffset? FirstFireTime(ValidatedSchedule schedule, DateTimeOffset now)
    {
        var trigger = Build(schedule, now);
        var first = trigger.GetFireTimeAfter(trigger.StartTimeUtc.AddTicks(-1));
        return first is { } f && (trigger.EndTimeUtc is not { } end || f <= end) ? f : null;
    }

    /// <summary>The next <paramref name="count"/> fire times after <paramref name="from"/>.</summary>
    public static IReadOnlyList<DateTimeOffset> FireTimes(ITrigger trigger, DateTimeOffset from, int count)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        var times = new List<DateTimeOffset>(count);
        DateTimeOffset? t = from.AddTicks(-1);
        while (times.Count < count && (t = trigger.GetFireTimeAfter(t)) is { } fire)
        {
            if (trigger.EndTimeUtc is { } end && fire > end)
            {
                break;
            }

            times.Add(fire);
        }

        return times;
    }

    private ITrigger Create(ValidatedSchedule schedule, DateTimeOffset start)
    {
        var d = schedule.Definition;
        IScheduleBuilder builder = schedule.Kind switch
        {
            ScheduleTriggerKind.Cron => CronScheduleBuilder.Create(schedule.Cron!)
                .InTimeZone(schedule.TimeZone)
                .WithMisfireInstruction(d.Misfire switch
                {
                    ScheduleMisfirePolicy.Skip => CronTriggerMisfireInstruction.DoNothing,
                    ScheduleMisfirePolicy.FireAll => CronTriggerMisfireInstruction.IgnoreMisfires,
                    _ => CronTriggerMisfireInstruction.FireAndProceed,
                }),
            ScheduleTriggerKind.Interval => CalendarIntervalScheduleBuilder.Create()
                .WithInterval(schedule.Interval!.Value.Amount, schedule.Interval.Value.Unit)
                .InTimeZone(schedule.TimeZone)
                // "Every day" means the same local time of day, also across a daylight-saving change.
                .PreserveHourOfDayAcrossDaylightSavings(schedule.Interval.Value.Unit is IntervalUnit.Day or IntervalUnit.Week)
                .WithMisfireInstruction(d.Misfire switch
                {
                    ScheduleMisfirePolicy.Skip => CalendarIntervalTriggerMisfireInstruction.DoNothing,
                    ScheduleMisfirePolicy.FireAll => CalendarIntervalTriggerMisfireInstruction.IgnoreMisfires,
                    _ => CalendarIntervalTriggerMisfireInstruction.FireAndProceed,
                }),
            _ => SimpleScheduleBuilder.Create()
                .WithRepeatCount(0)
                // A missed one-off either fires now or, with skip, is dropped (its remaining count is zero).
                .WithMisfireInstruction(d.Misfire == ScheduleMisfirePolicy.Skip
                    ? SimpleTriggerMisfireInstruction.NextWithRemainingCount
                    : SimpleTriggerMisfireInstruction.FireNow),
        };

        return TriggerBuilder.Create(time)
            .WithIdentity(ScheduleKeys.Trigger(d.Name))
            .ForJob(ScheduleKeys.Job(d.Name))
            .WithDescription(d.Description)
            .StartAt(start)
            .EndAt(d.EndAt)
            .WithMisfireThreshold(options.Value.MisfireThreshold)
            .WithSchedule(builder)
            .Build();
    }
}
