using Jobs.Model;

namespace Jobs.Scheduling.Model;

/// <summary>What a schedule is: which job it enqueues, when, and what to do about missed and overlapping runs.</summary>
/// <remarks>
/// A plain mutable class so that the dashboard's form, the REST API's JSON body and the CLI's options all bind to
/// the same type. Exactly one trigger is set: <see cref="Cron"/>, <see cref="Every"/> or <see cref="RunAt"/>.
/// Nothing here is checked until <see cref="Services.IScheduleService"/> validates it; errors name these properties
/// in camelCase (<c>cron</c>, <c>timeZone</c>, ...).
/// </remarks>
public sealed class ScheduleDefinition
{
    /// <summary>The unique name; it also names the runs (tag <c>schedule:&lt;name&gt;</c>). 1 to 90 letters, digits, '_', '.' or '-'.</summary>
    public string Name { get; set; } = "";

    /// <summary>What the schedule is for, in the user's words. Optional.</summary>
    public string? Description { get; set; }

    /// <summary>The registered job type to enqueue, for example <c>etl</c>.</summary>
    public string JobType { get; set; } = "";

    /// <summary>The job's arguments as JSON text; null or blank means <c>{}</c>.</summary>
    public string? Arguments { get; set; }

    /// <summary>The queue the job goes to. Defaults to <c>default</c>.</summary>
    public string? Queue { get; set; }

    /// <summary>The job's priority. Defaults to normal.</summary>
    public JobPriority Priority { get; set; } = JobPriority.Normal;

    /// <summary>A cron expression: the 5-field Unix form (<c>0 9 * * *</c>) or Quartz's 6/7-field form with seconds first (<c>0 0 9 * * ?</c>).</summary>
    public string? Cron { get; set; }

    /// <summary>A fixed interval: <c>every 15m</c>, <c>15m</c>, <c>2h</c>, <c>1d</c>, <c>1h30m</c>, <c>every 2 hours</c>.</summary>
    /// <remarks>Whole days and weeks keep their local time of day across daylight-saving changes in <see cref="TimeZone"/>.</remarks>
    public string? Every { get; set; }

    /// <summary>A one-off time: the schedule fires once, then stays listed as finished.</summary>
    public DateTimeOffset? RunAt { get; set; }

    /// <summary>The IANA time zone the cron expression and day intervals are read in. Defaults to <c>UTC</c>.</summary>
    public string? TimeZone { get; set; } = "UTC";

    /// <summary>No fire before this time. For an interval, the first fire is here (default: one interval from now).</summary>
    public DateTimeOffset? StartAt { get; set; }

    /// <summary>No fire after this time. Optional; must be after <see cref="StartAt"/>.</summary>
    public DateTimeOffset? EndAt { get; set; }

    /// <summary>What to do about fire times missed while the app was down or the schedule paused. Defaults to fire once now.</summary>
    public ScheduleMisfirePolicy Misfire { get; set; } = ScheduleMisfirePolicy.FireOnce;

    /// <summary>With <see cref="ScheduleMisfirePolicy.FireAll"/>: the most missed fire times enqueued (the latest ones). 1 to 1000, default 10.</summary>
    public int MisfireCap { get; set; } = 10;

    /// <summary>What to do when the previous run is still waiting or running. Defaults to skip.</summary>
    public ScheduleOverlapPolicy Overlap { get; set; } = ScheduleOverlapPolicy.Skip;

    /// <summary>A copy, so that a caller's later edits do not reach a stored definition.</summary>
    public ScheduleDefinition Clone() => (ScheduleDefinition)MemberwiseClone();
}
