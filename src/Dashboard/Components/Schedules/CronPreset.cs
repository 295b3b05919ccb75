using System.Globalization;

namespace Jobs.Dashboard.Components.Schedules;

/// <summary>The editor's cron shortcuts: the shapes people schedule most, turned into a 5-field cron expression.</summary>
internal enum CronPresetKind
{
    /// <summary>The user writes the expression.</summary>
    Custom,
    /// <summary>Every hour at minute M.</summary>
    Hourly,
    /// <summary>Every day at HH:mm.</summary>
    Daily,
    /// <summary>Every week on a day at HH:mm.</summary>
    Weekly,
    /// <summary>Every month on a day of the month at HH:mm.</summary>
    Monthly,
}

/// <summary>Builds the cron expression of a preset.</summary>
internal static class CronPreset
{
    /// <summary>The expression for <paramref name="kind"/>, or null for <see cref="CronPresetKind.Custom"/>.</summary>
    /// <param name="kind">Which preset.</param>
    /// <param name="time">The time of day (for hourly only its minutes count).</param>
    /// <param name="weekday">The day of the week (weekly).</param>
    /// <param name="dayOfMonth">The day of the month, 1 to 31 (monthly; months without that day are skipped by cron).</param>
    public static string? Expression(CronPresetKind kind, TimeSpan time, DayOfWeek weekday, int dayOfMonth)
    {
        var minute = time.Minutes.ToString(CultureInfo.InvariantCulture);
        var hour = time.Hours.ToString(CultureInfo.InvariantCulture);
        return kind switch
        {
            CronPresetKind.Hourly => $"{minute} * * * *",
            CronPresetKind.Daily => $"{minute} {hour} * * *",
            CronPresetKind.Weekly => $"{minute} {hour} * * {weekday.ToString()[..3].ToUpperInvariant()}",
            CronPresetKind.Monthly => $"{minute} {hour} {Math.Clamp(dayOfMonth, 1, 31).ToString(CultureInfo.InvariantCulture)} * *",
            _ => null,
        };
    }
}
