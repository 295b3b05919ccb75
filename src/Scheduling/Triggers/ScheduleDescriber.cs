using System.Globalization;
using Jobs.Scheduling.Model;
using Jobs.Scheduling.Validation;
using Quartz;

namespace Jobs.Scheduling.Triggers;

/// <summary>Says when a schedule fires in plain words: "every day at 09:00 Europe/Berlin", "every 15 minutes".</summary>
/// <remarks>
/// Covers the shapes people write (daily, weekly, monthly, every N minutes/hours, intervals, one-offs). Anything more
/// intricate is shown as the cron text with its zone rather than described wrongly.
/// </remarks>
internal static class ScheduleDescriber
{
    private static readonly Dictionary<string, string> DayNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["SUN"] = "Sunday", ["MON"] = "Monday", ["TUE"] = "Tuesday", ["WED"] = "Wednesday",
        ["THU"] = "Thursday", ["FRI"] = "Friday", ["SAT"] = "Saturday",
        ["1"] = "Sunday", ["2"] = "Monday", ["3"] = "Tuesday", ["4"] = "Wednesday", ["5"] = "Thursday", ["6"] = "Friday", ["7"] = "Saturday",
    };

    /// <summary>Describes a validated schedule.</summary>
    public static string Describe(ValidatedSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var d = schedule.Definition;
        var text = schedule.Kind switch
        {
            ScheduleTriggerKind.Cron => DescribeCron(schedule.Cron!.CronExpressionString, d.Cron!, d.TimeZone ?? "UTC"),
            ScheduleTriggerKind.Interval => DescribeInterval(schedule.Interval!.Value),
            _ => "once at " + Local(d.RunAt!.Value, schedule.TimeZone) + " " + d.TimeZone,
        };
        if (d.StartAt is { } start && schedule.Kind != ScheduleTriggerKind.Once)
        {
            text += ", from " + Local(start, schedule.TimeZone);
        }

        if (d.EndAt is { } end)
        {
            text += ", until " + Local(end, schedule.TimeZone);
        }

        return text;
    }

    /// <summary>Describes an interval: "every 15 minutes", "every hour", "every 2 days".</summary>
    public static string DescribeInterval(ScheduleInterval interval)
    {
        var unit = interval.Unit switch
        {
            IntervalUnit.Second => "second",
            IntervalUnit.Minute => "minute",
            IntervalUnit.Hour => "hour",
            IntervalUnit.Day => "day",
            _ => "week",
        };
        return interval.Amount == 1 ? "every " + unit : $"every {interval.Amount} {unit}s";
    }

    /// <summary>Describes a Quartz cron expression (6 or 7 fields, as Quartz normalizes it) read in <paramref name="zone"/>.</summary>
    public static string DescribeCron(string quartzExpression, string original, string zone)
    {
        ArgumentNullException.ThrowIfNull(quartzExpression);
        var f = quartzExpression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length < 6 || (f.Length == 7 && f[6] != "*"))
        {
            return Fallback(original, zone);
        }

        string sec = f[0], min = f[1], hour = f[2], dom = f[3], month = f[4], dow = f[5];
        var anyDom = dom is "*" or "?";
        var anyDow = dow is "*" or "?";
        if (month != "*")
        {
            return Fallback(original, zone);
        }

        // Sub-daily rhythms: every N seconds / minutes / hours.
        if (anyDom && anyDow)
        {
            if (Step(sec) is { } s && min == "*" && hour == "*")
            {
                return s == 1 ? "every second" : $"every {s} seconds";
            }

            if (sec == "0" && Step(min) is { } m && hour == "*")
            {
                return m == 1 ? "every minute" : $"every {m} minutes";
            }

            if (sec == "0" && IsNumber(min) && hour == "*")
            {
                return min == "0" ? "every hour" : $"every hour at minute {min}";
            }

            if (sec == "0" && IsNumber(min) && Step(hour) is { } h)
            {
                var every = h == 1 ? "every hour" : $"every {h} hours";
                return min == "0" ? every : $"{every} at minute {min}";
            }
        }

        if (Times(sec, min, hour) is not { } times)
        {
            return Fallback(original, zone);
        }

        var at = $"at {times} {zone}";
        if (anyDom && anyDow)
        {
            return "every day " + at;
        }

        if (dom == "?" && Days(dow) is { } days)
        {
            return $"every {days} {at}";
        }

        if (dow == "?" && dom == "L")
        {
            return "on the last day of every month " + at;
        }

        if (dow == "?" && dom.Split(',').All(IsNumber))
        {
            var list = Join(dom.Split(',').Select(Ordinal).ToList());
            return $"on the {list} of every month {at}";
        }

        return Fallback(original, zone);
    }

    private static string Fallback(string original, string zone) => $"cron '{original}' {zone}";

    private static string? Times(string sec, string min, string hour)
    {
        if (!IsNumber(sec) || !IsNumber(min))
        {
            return null;
        }

        var hours = hour.Split(',');
        if (!hours.All(IsNumber))
        {
            return null;
        }

        var s = int.Parse(sec, CultureInfo.InvariantCulture);
        var m = int.Parse(min, CultureInfo.InvariantCulture);
        return Join([.. hours.Select(h => s == 0
            ? $"{int.Parse(h, CultureInfo.InvariantCulture):00}:{m:00}"
            : $"{int.Parse(h, CultureInfo.InvariantCulture):00}:{m:00}:{s:00}")]);
    }

    private static string? Days(string dow)
    {
        if (dow.Equals("MON-FRI", StringComparison.OrdinalIgnoreCase) || dow == "2-6")
        {
            return "weekday (Monday to Friday)";
        }

        var range = dow.Split('-');
        if (range.Length == 2 && DayNames.TryGetValue(range[0], out var from) && DayNames.TryGetValue(range[1], out var to))
        {
            return $"{from} to {to}";
        }

        var names = new List<string>();
        foreach (var part in dow.Split(','))
        {
            if (!DayNames.TryGetValue(part, out var name))
            {
                return null;
            }

            names.Add(name);
        }

        return Join(names);
    }

    private static int? Step(string field)
    {
        if (field == "*")
        {
            return 1;
        }

        var parts = field.Split('/');
        return parts.Length == 2 && parts[0] is "*" or "0" && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var step) ? step : null;
    }

    private static bool IsNumber(string text) => text.Length is > 0 and <= 4 && text.All(char.IsAsciiDigit);

    private static string Ordinal(string number)
    {
        var n = int.Parse(number, CultureInfo.InvariantCulture);
        var suffix = (n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        return n.ToString(CultureInfo.InvariantCulture) + suffix;
    }

    private static string Join(List<string> items) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1],
    };

    private static string Local(DateTimeOffset time, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(time, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
