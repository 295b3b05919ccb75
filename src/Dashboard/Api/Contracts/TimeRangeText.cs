using System.Globalization;
using Jobs.Metrics;

namespace Jobs.Dashboard.Api.Contracts;

/// <summary>Reads the <c>from</c>, <c>to</c> and <c>step</c> query parameters of the metrics, series and anomaly routes.</summary>
/// <remarks>
/// Times are ISO-8601 (<c>2026-01-01T09:00:00Z</c>; without an offset they are UTC). Every problem is added to the
/// caller's field-level error map, so one 400 names every bad parameter at once.
/// </remarks>
internal static class TimeRangeText
{
    /// <summary>What a valid time looks like, for error messages.</summary>
    public const string Format = "an ISO-8601 time such as 2026-01-01T09:00:00Z";

    /// <summary>Steps the series route picks from when none is given: the smallest that cuts the range into at most <see cref="DefaultIntervals"/>.</summary>
    private static readonly TimeSpan[] DefaultSteps =
    [
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1),
        TimeSpan.FromHours(6), TimeSpan.FromDays(1), TimeSpan.FromDays(7),
    ];

    /// <summary>Most intervals of a default step.</summary>
    public const int DefaultIntervals = 200;

    /// <summary>
    /// Reads <paramref name="from"/> and <paramref name="to"/>; <paramref name="to"/> defaults to now and
    /// <paramref name="from"/> to <paramref name="defaultSpan"/> before it. A range that does not go forward is an error on <c>from</c>.
    /// </summary>
    public static (DateTimeOffset From, DateTimeOffset To) Read(string? from, string? to, DateTimeOffset now, TimeSpan defaultSpan, Dictionary<string, string[]> errors)
    {
        var end = ReadTime("to", to, errors) ?? now;
        var start = ReadTime("from", from, errors) ?? end - defaultSpan;
        if (!errors.ContainsKey("from") && !errors.ContainsKey("to") && start >= end)
        {
            errors["from"] = [string.Create(CultureInfo.InvariantCulture, $"from ({start:O}) must be before to ({end:O}).")];
        }

        return (start, end);
    }

    /// <summary>Reads <paramref name="step"/> (<see cref="DurationText.Format"/>), or picks one for the range.</summary>
    public static TimeSpan ReadStep(string? step, DateTimeOffset from, DateTimeOffset to, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(step))
        {
            var span = to - from;
            return DefaultSteps.FirstOrDefault(s => span / s <= DefaultIntervals, DefaultSteps[^1]);
        }

        if (DurationText.TryParse(step, out var value) && value > TimeSpan.Zero)
        {
            return value;
        }

        errors["step"] = [$"'{step}' is not a step: use {DurationText.Format}."];
        return MetricsRange.MinStep;
    }

    /// <summary>Reads one time parameter; null when absent or bad (then <paramref name="errors"/> says why).</summary>
    public static DateTimeOffset? ReadTime(string field, string? text, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return value;
        }

        errors[field] = [$"'{text}' is not a time: use {Format}."];
        return null;
    }
}
