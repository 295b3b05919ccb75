using System.Globalization;

namespace Jobs.Dashboard.Components.Shared;

/// <summary>How the dashboard writes times and durations: UTC, sortable, and short.</summary>
internal static class TimeText
{
    /// <summary>A point in time, in UTC.</summary>
    public static string At(DateTimeOffset? at) =>
        at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : "—";

    /// <summary>A point in time in UTC, without the zone (for columns headed "UTC").</summary>
    public static string Short(DateTimeOffset? at) =>
        at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "—";

    /// <summary>A duration, in the largest fitting unit.</summary>
    public static string Duration(TimeSpan? span)
    {
        if (span is not { } d)
        {
            return "—";
        }

        if (d < TimeSpan.Zero)
        {
            d = TimeSpan.Zero;
        }

        return d.TotalSeconds < 1 ? $"{d.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms"
            : d.TotalMinutes < 1 ? $"{d.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s"
            : d.TotalHours < 1 ? $"{(int)d.TotalMinutes} min {d.Seconds} s"
            : d.TotalDays < 1 ? $"{(int)d.TotalHours} h {d.Minutes} min"
            : $"{(int)d.TotalDays} d {d.Hours} h";
    }
}
