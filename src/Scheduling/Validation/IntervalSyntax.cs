using System.Globalization;
using Quartz;

namespace Jobs.Scheduling.Validation;

/// <summary>A fixed interval as Quartz's calendar-interval trigger takes it: an amount of one unit.</summary>
/// <param name="Amount">How many units.</param>
/// <param name="Unit">Second, minute, hour, day or week.</param>
internal readonly record struct ScheduleInterval(int Amount, IntervalUnit Unit)
{
    /// <summary>The length, for days and weeks as 24-hour days (a DST day is an hour shorter or longer).</summary>
    public TimeSpan Length => Unit switch
    {
        IntervalUnit.Second => TimeSpan.FromSeconds(Amount),
        IntervalUnit.Minute => TimeSpan.FromMinutes(Amount),
        IntervalUnit.Hour => TimeSpan.FromHours(Amount),
        IntervalUnit.Day => TimeSpan.FromDays(Amount),
        IntervalUnit.Week => TimeSpan.FromDays(7.0 * Amount),
        _ => throw new InvalidOperationException($"Unexpected unit {Unit}."),
    };
}

/// <summary>Reads interval text: <c>every 15m</c>, <c>15m</c>, <c>2h</c>, <c>1d</c>, <c>1h30m</c>, <c>every 2 hours</c>, <c>90s</c>, <c>1w</c>.</summary>
internal static class IntervalSyntax
{
    /// <summary>The shortest interval: one second.</summary>
    public static readonly TimeSpan Shortest = TimeSpan.FromSeconds(1);

    /// <summary>The longest interval: 366 days (use cron or a one-off time for rarer runs).</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(366);

    /// <summary>Parses the text; on failure <paramref name="error"/> says what is accepted.</summary>
    public static bool TryParse(string? text, out ScheduleInterval interval, out string? error)
    {
        interval = default;
        error = null;
        const string Accepted = "Write an interval like 'every 15m', '15m', '2h', '1d', '1h30m' or 'every 2 hours' (units s, m, h, d, w).";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "An interval is required. " + Accepted;
            return false;
        }

        var s = text.Trim().ToLowerInvariant();
        if (s.Length > 64)
        {
            error = "An interval is at most 64 characters. " + Accepted;
            return false;
        }

        if (s.StartsWith("every", StringComparison.Ordinal))
        {
            s = s[5..].TrimStart();
        }

        long seconds = 0;
        var weeksOnly = true;
        var position = 0;
        var groups = 0;
        while (position < s.Length)
        {
            while (position < s.Length && char.IsWhiteSpace(s[position]))
            {
                position++;
            }

            if (position == s.Length)
            {
                break;
            }

            var start = position;
            while (position < s.Length && char.IsAsciiDigit(s[position]))
            {
                position++;
            }

            var digits = position - start;
            if (digits == 0 || digits > 6)
            {
                error = digits == 0 ? $"'{text}' is not an interval. {Accepted}" : $"'{text}': the number is too large. {Accepted}";
                return false;
            }

            var amount = long.Parse(s.AsSpan(start, digits), NumberStyles.None, CultureInfo.InvariantCulture);
            while (position < s.Length && char.IsWhiteSpace(s[position]))
            {
                position++;
            }

            var unitStart = position;
            while (position < s.Length && char.IsAsciiLetter(s[position]))
            {
                position++;
            }

            long? unitSeconds = s[unitStart..position] switch
            {
                "s" or "sec" or "secs" or "second" or "seconds" => 1,
                "m" or "min" or "mins" or "minute" or "minutes" => 60,
                "h" or "hr" or "hrs" or "hour" or "hours" => 3600,
                "d" or "day" or "days" => 86400,
                "w" or "week" or "weeks" => 604800,
                _ => null,
            };
            if (unitSeconds is null)
            {
                error = $"'{text}': unknown or missing unit '{s[unitStart..position]}'. {Accepted}";
                return false;
            }

            weeksOnly &= unitSeconds == 604800;
            seconds += amount * unitSeconds.Value;
            groups++;
            if (seconds > Longest.TotalSeconds)
            {
                error = $"'{text}' is longer than the longest interval, 366 days.";
                return false;
            }
        }

        if (groups == 0)
        {
            error = $"'{text}' is not an interval. {Accepted}";
            return false;
        }

        if (seconds < Shortest.TotalSeconds)
        {
            error = $"'{text}' is shorter than the shortest interval, 1 second.";
            return false;
        }

        interval = seconds switch
        {
            _ when weeksOnly && seconds % 604800 == 0 => new ScheduleInterval((int)(seconds / 604800), IntervalUnit.Week),
            _ when seconds % 86400 == 0 => new ScheduleInterval((int)(seconds / 86400), IntervalUnit.Day),
            _ when seconds % 3600 == 0 => new ScheduleInterval((int)(seconds / 3600), IntervalUnit.Hour),
            _ when seconds % 60 == 0 => new ScheduleInterval((int)(seconds / 60), IntervalUnit.Minute),
            _ => new ScheduleInterval((int)seconds, IntervalUnit.Second),
        };
        return true;
    }
}
