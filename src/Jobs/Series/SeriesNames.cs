using Jobs.Client;

namespace Jobs.Series;

/// <summary>The rules for series names and values, checked before anything is written.</summary>
internal static class SeriesNames
{
    /// <summary>Longest accepted name.</summary>
    public const int MaxLength = 200;

    public static void Validate(string series)
    {
        if (string.IsNullOrWhiteSpace(series))
        {
            throw new JobValidationException("series", "A series needs a name.");
        }

        if (series.Length > MaxLength)
        {
            throw new JobValidationException("series", $"A series name may have at most {MaxLength} characters (was {series.Length}).");
        }

        if (series.Any(char.IsControl))
        {
            throw new JobValidationException("series", "A series name may not contain control characters.");
        }
    }

    public static void ValidatePoints(IReadOnlyList<SeriesPoint> points)
    {
        for (var i = 0; i < points.Count; i++)
        {
            if (!double.IsFinite(points[i].Value))
            {
                throw new JobValidationException($"points[{i}].value", $"Values must be finite numbers (was {points[i].Value}).");
            }
        }
    }
}
