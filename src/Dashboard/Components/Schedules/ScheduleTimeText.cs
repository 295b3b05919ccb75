using System.Globalization;

namespace Jobs.Dashboard.Components.Schedules;

/// <summary>How the schedule pages write fire times: in the schedule's own zone (where "09:00" means something) and relative to now.</summary>
internal static class ScheduleTimeText
{
    /// <summary>The zone a schedule reads its times in; UTC when unknown (a stored schedule's zone was valid when saved).</summary>
    public static TimeZoneInfo Zone(string? zoneId) =>
        !string.IsNullOrWhiteSpace(zoneId) && TimeZoneInfo.TryFindSystemTimeZoneById(zoneId.Trim(), out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>A point in time as the schedule's wall clock shows it, without the zone: "2026-11-26 09:00".</summary>
    public static string Local(DateTimeOffset? at, string? zoneId) =>
        at is { } t ? TimeZoneInfo.ConvertTime(t, Zone(zoneId)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "—";

    /// <summary>The zone's offset at <paramref name="at"/>: "UTC" or "UTC+01:00"; empty when there is no time.</summary>
    public static string OffsetAt(DateTimeOffset? at, string? zoneId) =>
        at is { } t ? Offset(Zone(zoneId).GetUtcOffset(t)) : "";

    /// <summary>"UTC" or "UTC+01:00".</summary>
    public static string Offset(TimeSpan offset) =>
        offset == TimeSpan.Zero ? "UTC" : "UTC" + (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);

    /// <summary>How far <paramref name="at"/> is from <paramref name="now"/>: "in 3 h 20 min", "5 min ago", "now".</summary>
    public static string Relative(DateTimeOffset? at, DateTimeOffset now)
    {
        if (at is not { } t)
        {
            return "";
        }

        var span = t - now;
        var future = span > TimeSpan.Zero;
        var d = span.Duration();
        if (d < TimeSpan.FromSeconds(30))
        {
            return "now";
        }

        var text = d.TotalMinutes < 60 ? $"{Math.Max(1, (int)Math.Round(d.TotalMinutes))} min"
            : d.TotalHours < 24 ? $"{(int)d.TotalHours} h {d.Minutes} min"
            : $"{(int)d.TotalDays} d {d.Hours} h";
        return future ? "in " + text : text + " ago";
    }
}
