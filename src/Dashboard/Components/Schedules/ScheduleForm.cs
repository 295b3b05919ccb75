using System.Globalization;
using Jobs.Model;
using Jobs.Scheduling.Model;

namespace Jobs.Dashboard.Components.Schedules;

/// <summary>What the schedule editor's fields hold, and how they become a <see cref="ScheduleDefinition"/>.</summary>
/// <remarks>
/// Times are typed as local date-times (<c>yyyy-MM-ddTHH:mm</c>, what a <c>datetime-local</c> input gives) in the chosen
/// zone, because "start on the 1st at 09:00" means 09:00 where the schedule runs. Only the chosen trigger kind's field
/// goes into the definition, so switching kinds never leaves a second trigger behind.
/// </remarks>
internal sealed class ScheduleForm
{
    /// <summary>The format of the local date-time fields.</summary>
    public const string LocalFormat = "yyyy-MM-ddTHH:mm";

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    public string? JobType { get; set; }

    public string? Arguments { get; set; } = "{}";

    public string? Queue { get; set; }

    public JobPriority Priority { get; set; } = JobPriority.Normal;

    public ScheduleTriggerKind Kind { get; set; } = ScheduleTriggerKind.Cron;

    public CronPresetKind Preset { get; set; } = CronPresetKind.Daily;

    /// <summary>The preset's time of day (hourly uses only the minutes).</summary>
    public string? PresetTime { get; set; } = "09:00";

    public DayOfWeek PresetWeekday { get; set; } = DayOfWeek.Monday;

    public int PresetDayOfMonth { get; set; } = 1;

    public string? Cron { get; set; } = "0 9 * * *";

    public string? Every { get; set; } = "15m";

    /// <summary>The one-off time, local in <see cref="TimeZone"/>.</summary>
    public string? RunAt { get; set; }

    public string? TimeZone { get; set; } = "UTC";

    /// <summary>No fire before this local time. Optional.</summary>
    public string? StartAt { get; set; }

    /// <summary>No fire after this local time. Optional.</summary>
    public string? EndAt { get; set; }

    public ScheduleMisfirePolicy Misfire { get; set; } = ScheduleMisfirePolicy.FireOnce;

    public int MisfireCap { get; set; } = 10;

    public ScheduleOverlapPolicy Overlap { get; set; } = ScheduleOverlapPolicy.Skip;

    /// <summary>Sets <see cref="Cron"/> from the preset fields; a custom preset leaves the expression as typed.</summary>
    public void ApplyPreset()
    {
        var time = TimeSpan.TryParseExact(PresetTime?.Trim(), [@"hh\:mm", @"hh\:mm\:ss", @"h\:mm"], CultureInfo.InvariantCulture, out var t) && t < TimeSpan.FromDays(1) ? t : TimeSpan.Zero;
        if (CronPreset.Expression(Preset, time, PresetWeekday, PresetDayOfMonth) is { } expression)
        {
            Cron = expression;
        }
    }

    /// <summary>The definition the fields describe, with the problems the form itself finds (unreadable times), by field.</summary>
    public (ScheduleDefinition Definition, Dictionary<string, string> Errors) ToDefinition()
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var zone = ScheduleTimeText.Zone(TimeZone);
        var definition = new ScheduleDefinition
        {
            Name = Name?.Trim() ?? "",
            Description = string.IsNullOrWhiteSpace(Description) ? null : Description.Trim(),
            JobType = JobType ?? "",
            Arguments = string.IsNullOrWhiteSpace(Arguments) ? null : Arguments,
            Queue = string.IsNullOrWhiteSpace(Queue) ? null : Queue.Trim(),
            Priority = Priority,
            Cron = Kind == ScheduleTriggerKind.Cron ? Cron : null,
            Every = Kind == ScheduleTriggerKind.Interval ? Every : null,
            RunAt = Kind == ScheduleTriggerKind.Once ? ReadLocal(RunAt, zone, "runAt", errors, required: true) : null,
            TimeZone = string.IsNullOrWhiteSpace(TimeZone) ? "UTC" : TimeZone.Trim(),
            StartAt = Kind == ScheduleTriggerKind.Once ? null : ReadLocal(StartAt, zone, "startAt", errors, required: false),
            EndAt = Kind == ScheduleTriggerKind.Once ? null : ReadLocal(EndAt, zone, "endAt", errors, required: false),
            Misfire = Misfire,
            MisfireCap = MisfireCap,
            Overlap = Overlap,
        };
        return (definition, errors);
    }

    /// <summary>The fields of a stored schedule, for editing.</summary>
    public static ScheduleForm From(ScheduleInfo schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var d = schedule.Definition;
        var zone = ScheduleTimeText.Zone(d.TimeZone);
        var form = new ScheduleForm
        {
            Name = d.Name,
            Description = d.Description,
            JobType = d.JobType,
            Arguments = string.IsNullOrWhiteSpace(d.Arguments) ? "{}" : d.Arguments,
            Queue = d.Queue,
            Priority = d.Priority,
            Kind = schedule.Kind,
            Cron = d.Cron ?? "0 9 * * *",
            Every = d.Every ?? "15m",
            RunAt = WriteLocal(d.RunAt, zone),
            TimeZone = d.TimeZone ?? "UTC",
            StartAt = WriteLocal(d.StartAt, zone),
            EndAt = WriteLocal(d.EndAt, zone),
            Misfire = d.Misfire,
            MisfireCap = d.MisfireCap,
            Overlap = d.Overlap,
        };
        form.RecognisePreset();
        return form;
    }

    /// <summary>Shows a stored expression as the preset that would write it, so the user edits "daily at 09:00", not fields of cron.</summary>
    public void RecognisePreset()
    {
        Preset = CronPresetKind.Custom;
        var fields = (Cron ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5 || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var minute) || minute > 59 || fields[3] != "*")
        {
            return;
        }

        var hourly = fields[1] == "*";
        var hour = 0;
        if (!hourly && (!int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out hour) || hour > 23))
        {
            return;
        }

        var (day, weekday) = (fields[2], fields[4]);
        var found = (hourly, day, weekday) switch
        {
            (true, "*", "*") => CronPresetKind.Hourly,
            (false, "*", "*" or "?") => CronPresetKind.Daily,
            (false, "*" or "?", _) when WeekdayOf(weekday) is { } w => (CronPresetKind?)SetWeekday(w),
            (false, _, "*" or "?") when int.TryParse(day, NumberStyles.None, CultureInfo.InvariantCulture, out var dom) && dom is >= 1 and <= 31 => SetDay(dom),
            _ => null,
        };
        if (found is { } preset)
        {
            PresetTime = new TimeSpan(hour, minute, 0).ToString(@"hh\:mm", CultureInfo.InvariantCulture);
            Preset = preset;
        }

        CronPresetKind SetWeekday(DayOfWeek w)
        {
            PresetWeekday = w;
            return CronPresetKind.Weekly;
        }

        CronPresetKind SetDay(int dom)
        {
            PresetDayOfMonth = dom;
            return CronPresetKind.Monthly;
        }
    }

    private static DayOfWeek? WeekdayOf(string text) =>
        Enum.GetValues<DayOfWeek>().Select(d => (DayOfWeek?)d).FirstOrDefault(d => d.ToString()![..3].Equals(text, StringComparison.OrdinalIgnoreCase));

    /// <summary>A local date-time field's text for a point in time.</summary>
    public static string? WriteLocal(DateTimeOffset? at, TimeZoneInfo zone) =>
        at is { } t ? TimeZoneInfo.ConvertTime(t, zone).ToString(LocalFormat, CultureInfo.InvariantCulture) : null;

    private static DateTimeOffset? ReadLocal(string? text, TimeZoneInfo zone, string field, Dictionary<string, string> errors, bool required)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                errors[field] = "Give the date and time.";
            }

            return null;
        }

        string[] formats = [LocalFormat, "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"];
        if (!DateTime.TryParseExact(text.Trim(), formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            errors[field] = $"'{text}' is not a date and time like 2026-01-31T09:00.";
            return null;
        }

        if (zone.IsInvalidTime(local))
        {
            errors[field] = $"{text} does not exist in {zone.Id} (the clocks skip it).";
            return null;
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
