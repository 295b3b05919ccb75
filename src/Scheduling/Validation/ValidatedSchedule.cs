using Jobs.Scheduling.Model;
using Quartz;

namespace Jobs.Scheduling.Validation;

/// <summary>A definition that passed every check, with its parsed parts, ready to become a Quartz trigger.</summary>
/// <param name="Definition">The normalized definition (trimmed text, default queue and time zone filled in).</param>
/// <param name="Kind">Which trigger it has.</param>
/// <param name="TimeZone">The resolved time zone.</param>
/// <param name="Cron">The parsed cron expression, for <see cref="ScheduleTriggerKind.Cron"/>.</param>
/// <param name="Interval">The parsed interval, for <see cref="ScheduleTriggerKind.Interval"/>.</param>
internal sealed record ValidatedSchedule(
    ScheduleDefinition Definition,
    ScheduleTriggerKind Kind,
    TimeZoneInfo TimeZone,
    CronExpression? Cron,
    ScheduleInterval? Interval);
