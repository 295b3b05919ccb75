using System.Globalization;
using System.Text.RegularExpressions;

namespace Jobs.Dashboard.Api.Contracts;

/// <summary>Reads durations as people write them: <c>500ms</c>, <c>30s</c>, <c>15m</c>, <c>2h</c>, <c>7d</c>, or a .NET time span (<c>00:00:30</c>).</summary>
/// <remarks>Shared by the CLI (<c>--delay 30s</c>, <c>--older-than 7d</c>) and the API (<c>delay</c>, <c>timeout</c>, <c>olderThan</c>) so both accept the same text.</remarks>
internal static partial class DurationText
{
    /// <summary>What a valid duration looks like, for error messages.</summary>
    public const string Format = "a number with a unit (500ms, 30s, 15m, 2h, 7d) or hh:mm:ss";

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)\s*(?<unit>ms|s|m|h|d)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WithUnit();

    /// <summary>Parses <paramref name="text"/>; false for anything else, including negative durations.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var match = WithUnit().Match(text.Trim());
        if (match.Success)
        {
            var n = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
            var unit = match.Groups["unit"].Value.ToLowerInvariant();
            var ms = unit switch
            {
                "ms" => n,
                "s" => n * 1000,
                "m" => n * 60_000,
                "h" => n * 3_600_000,
                _ => n * 86_400_000,
            };
            if (ms > TimeSpan.MaxValue.TotalMilliseconds / 2)
            {
                return false;
            }

            duration = TimeSpan.FromMilliseconds(ms);
            return true;
        }

        return TimeSpan.TryParse(text.Trim(), CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
    }
}
