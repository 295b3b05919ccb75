namespace Jobs.Anomalies;

/// <summary>The detection rules that flagged a point (a point flagged by both carries both).</summary>
[Flags]
public enum AnomalyMethods
{
    /// <summary>No rule flagged it.</summary>
    None = 0,

    /// <summary>|x − mean| / std above the z-score threshold.</summary>
    ZScore = 1,

    /// <summary>Robust z of the STL residual above the STL threshold.</summary>
    Stl = 2,
}

/// <summary>How serious a flagged point is, from how far its strongest score is past its threshold.</summary>
/// <remarks>
/// With r = score / threshold of the strongest rule (r &gt; 1 for any flagged point): low below 1.5, medium below 2,
/// high below 3, critical from 3 on. Stored as its integer value: never renumber.
/// </remarks>
public enum AnomalySeverity
{
    /// <summary>Just past the threshold (r &lt; 1.5).</summary>
    Low = 0,

    /// <summary>1.5 ≤ r &lt; 2.</summary>
    Medium = 1,

    /// <summary>2 ≤ r &lt; 3.</summary>
    High = 2,

    /// <summary>r ≥ 3: three times the threshold or more.</summary>
    Critical = 3,
}

/// <summary>The detection method the job, the API and the CLI select.</summary>
public enum AnomalyMethod
{
    /// <summary>Z-score of the raw values.</summary>
    ZScore,

    /// <summary>Robust z of the STL residual.</summary>
    Stl,

    /// <summary>Both; each flagged point reported once with the rules that flagged it.</summary>
    Combined,
}

/// <summary>Names and severity rules shared by the detectors, the store and the CLI.</summary>
public static class AnomalyNames
{
    /// <summary>Parses <c>zscore</c>, <c>stl</c> or <c>combined</c> (case-insensitive).</summary>
    /// <exception cref="AnomalyParameterException">For any other name.</exception>
    public static AnomalyMethod ParseMethod(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "zscore" or "z-score" or "z" => AnomalyMethod.ZScore,
        "stl" => AnomalyMethod.Stl,
        "combined" or "both" => AnomalyMethod.Combined,
        _ => throw new AnomalyParameterException("method", $"method must be zscore, stl or combined (was '{name}')."),
    };

    /// <summary>The method's lower-case name.</summary>
    public static string ToName(this AnomalyMethod method) => method switch
    {
        AnomalyMethod.ZScore => "zscore",
        AnomalyMethod.Stl => "stl",
        _ => "combined",
    };

    /// <summary>The rules as a comma-separated list, e.g. <c>zscore,stl</c>.</summary>
    public static string ToName(this AnomalyMethods methods)
    {
        var names = new List<string>(2);
        if (methods.HasFlag(AnomalyMethods.ZScore))
        {
            names.Add("zscore");
        }

        if (methods.HasFlag(AnomalyMethods.Stl))
        {
            names.Add("stl");
        }

        return string.Join(',', names);
    }

    /// <summary>Parses a list written by <see cref="ToName(AnomalyMethods)"/>.</summary>
    public static AnomalyMethods ParseMethods(string? names)
    {
        var result = AnomalyMethods.None;
        foreach (var part in (names ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            result |= part switch
            {
                "zscore" => AnomalyMethods.ZScore,
                "stl" => AnomalyMethods.Stl,
                _ => AnomalyMethods.None,
            };
        }

        return result;
    }

    /// <summary>The lower-case severity name.</summary>
    public static string ToName(this AnomalySeverity severity) => severity.ToString().ToLowerInvariant();

    /// <summary>The severity of a point whose strongest score is <paramref name="ratio"/> times its threshold.</summary>
    public static AnomalySeverity SeverityOf(double ratio) => ratio switch
    {
        >= 3 => AnomalySeverity.Critical,
        >= 2 => AnomalySeverity.High,
        >= 1.5 => AnomalySeverity.Medium,
        _ => AnomalySeverity.Low,
    };
}
