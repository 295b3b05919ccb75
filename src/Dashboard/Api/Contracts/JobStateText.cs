using Jobs.Model;

namespace Jobs.Dashboard.Api.Contracts;

/// <summary>Reads a job state as the API writes it (<c>deadLettered</c>), case-insensitively, with or without dashes.</summary>
internal static class JobStateText
{
    /// <summary>The accepted names, for error messages.</summary>
    public static string Names { get; } = string.Join(", ", Enum.GetValues<JobState>().Select(ToText));

    /// <summary>The state as the API writes it.</summary>
    public static string ToText(JobState state)
    {
        var name = state.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    /// <summary>Parses a state name; numbers are refused.</summary>
    public static bool TryParse(string? text, out JobState state)
    {
        state = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var compact = text.Trim().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        return !char.IsAsciiDigit(compact[0]) && Enum.TryParse(compact, ignoreCase: true, out state) && Enum.IsDefined(state);
    }
}
