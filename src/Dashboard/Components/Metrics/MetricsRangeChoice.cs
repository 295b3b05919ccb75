using System.Globalization;
using Jobs.Metrics;

namespace Jobs.Dashboard.Components.Metrics;

/// <summary>The ranges the metrics page offers.</summary>
public enum MetricsRangeKind
{
    /// <summary>The last hour, in 1-minute intervals.</summary>
    LastHour,

    /// <summary>The last 24 hours, in 30-minute intervals.</summary>
    Last24Hours,

    /// <summary>The last 7 days, in 4-hour intervals.</summary>
    Last7Days,

    /// <summary>A from/to the user types, in about 60 intervals.</summary>
    Custom,
}

/// <summary>Turns the page's range choice into a <see cref="MetricsRange"/>: bars few enough to read, many enough to show a shape.</summary>
public static class MetricsRangeChoice
{
    /// <summary>How many intervals a custom range is cut into.</summary>
    public const int CustomIntervals = 60;

    /// <summary>The format custom from/to are typed in (UTC).</summary>
    public const string InputFormat = "yyyy-MM-dd HH:mm";

    /// <summary>The label of a choice.</summary>
    public static string Label(MetricsRangeKind kind) => kind switch
    {
        MetricsRangeKind.LastHour => "Last hour",
        MetricsRangeKind.Last24Hours => "Last 24 hours",
        MetricsRangeKind.Last7Days => "Last 7 days",
        _ => "Custom",
    };

    /// <summary>The range of a relative choice ending at <paramref name="now"/>.</summary>
    public static MetricsRange Relative(MetricsRangeKind kind, DateTimeOffset now) => kind switch
    {
        MetricsRangeKind.LastHour => new MetricsRange(now.AddHours(-1), now, TimeSpan.FromMinutes(1)),
        MetricsRangeKind.Last24Hours => new MetricsRange(now.AddHours(-24), now, TimeSpan.FromMinutes(30)),
        MetricsRangeKind.Last7Days => new MetricsRange(now.AddDays(-7), now, TimeSpan.FromHours(4)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A custom range needs its from and to."),
    };

    /// <summary>A custom range [<paramref name="from"/>, <paramref name="to"/>) in <see cref="CustomIntervals"/> whole-second intervals.</summary>
    public static MetricsRange Custom(DateTimeOffset from, DateTimeOffset to)
    {
        var seconds = Math.Max(MetricsRange.MinStep.TotalSeconds, Math.Ceiling((to - from).TotalSeconds / CustomIntervals));
        return new MetricsRange(from, to, TimeSpan.FromSeconds(seconds));
    }

    /// <summary>Parses a typed UTC time, or returns null.</summary>
    public static DateTimeOffset? ParseInput(string? text) =>
        DateTime.TryParseExact(text?.Trim(), [InputFormat, "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd"], CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed)
            ? new DateTimeOffset(parsed, TimeSpan.Zero)
            : null;

    /// <summary>Formats a time for the custom inputs.</summary>
    public static string FormatInput(DateTimeOffset at) => at.UtcDateTime.ToString(InputFormat, CultureInfo.InvariantCulture);
}
