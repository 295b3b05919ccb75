namespace Jobs.Anomalies;

/// <summary>The parameters of an STL decomposition, named and defaulted as in statsmodels' <c>STL</c> and <c>STL.fit</c>.</summary>
/// <remarks>
/// Leave a value null to get statsmodels' default for it: <c>seasonal</c> 7; <c>trend</c> the smallest odd integer
/// ≥ ceil(1.5·period / (1 − 1.5/seasonal)); <c>low_pass</c> the smallest odd integer &gt; period; degrees 1; jumps 1;
/// inner/outer iterations 2/15 when <see cref="Robust"/>, otherwise 5/0. As in statsmodels, <see cref="Robust"/> only
/// picks the iteration defaults: any positive outer count computes robustness weights.
/// </remarks>
public sealed record StlParameters
{
    /// <summary>The season length in points (at least 2).</summary>
    public required int Period { get; init; }

    /// <summary>The cycle-subseries LOESS span (odd, at least 3). Default 7.</summary>
    public int? Seasonal { get; init; }

    /// <summary>The trend LOESS span (odd, at least 3, greater than the period).</summary>
    public int? Trend { get; init; }

    /// <summary>The low-pass LOESS span (odd, at least 3, greater than the period).</summary>
    public int? LowPass { get; init; }

    /// <summary>Degree of the seasonal LOESS (0 or 1). Default 1.</summary>
    public int? SeasonalDegree { get; init; }

    /// <summary>Degree of the trend LOESS (0 or 1). Default 1.</summary>
    public int? TrendDegree { get; init; }

    /// <summary>Degree of the low-pass LOESS (0 or 1). Default 1.</summary>
    public int? LowPassDegree { get; init; }

    /// <summary>Evaluate the seasonal LOESS at every n-th point and interpolate between (at least 1). Default 1.</summary>
    public int? SeasonalJump { get; init; }

    /// <summary>Evaluate the trend LOESS at every n-th point and interpolate between (at least 1). Default 1.</summary>
    public int? TrendJump { get; init; }

    /// <summary>Evaluate the low-pass LOESS at every n-th point and interpolate between (at least 1). Default 1.</summary>
    public int? LowPassJump { get; init; }

    /// <summary>Whether to down-weight outliers (picks the iteration defaults 2/15 instead of 5/0).</summary>
    public bool Robust { get; init; }

    /// <summary>Passes of the inner loop (at least 1).</summary>
    public int? InnerIterations { get; init; }

    /// <summary>Robustness passes of the outer loop (at least 0).</summary>
    public int? OuterIterations { get; init; }

    /// <summary>statsmodels' default trend span for a period and seasonal span.</summary>
    public static int DefaultTrend(int period, int seasonal)
    {
        var trend = (int)Math.Ceiling(1.5 * period / (1 - 1.5 / seasonal));
        return trend % 2 == 0 ? trend + 1 : trend;
    }

    /// <summary>statsmodels' default low-pass span: the smallest odd integer greater than the period.</summary>
    public static int DefaultLowPass(int period) => period % 2 == 0 ? period + 1 : period + 2;

    /// <summary>Fills in the defaults and checks every parameter against a series of <paramref name="length"/> points.</summary>
    /// <exception cref="AnomalyParameterException">Naming the first invalid parameter.</exception>
    public StlSettings Resolve(int length)
    {
        if (Period < 2)
        {
            throw new AnomalyParameterException("period", $"period must be an integer >= 2 (was {Period}).");
        }

        var seasonal = Seasonal ?? 7;
        OddAtLeastThree("seasonal", seasonal);
        var trend = Trend ?? DefaultTrend(Period, seasonal);
        OddAtLeastThree("trend", trend);
        if (trend <= Period)
        {
            throw new AnomalyParameterException("trend", $"trend must be greater than the period {Period} (was {trend}).");
        }

        var lowPass = LowPass ?? DefaultLowPass(Period);
        OddAtLeastThree("low_pass", lowPass);
        if (lowPass <= Period)
        {
            throw new AnomalyParameterException("low_pass", $"low_pass must be greater than the period {Period} (was {lowPass}).");
        }

        var settings = new StlSettings(
            Period, seasonal, trend, lowPass,
            Degree("seasonal_deg", SeasonalDegree), Degree("trend_deg", TrendDegree), Degree("low_pass_deg", LowPassDegree),
            Jump("seasonal_jump", SeasonalJump), Jump("trend_jump", TrendJump), Jump("low_pass_jump", LowPassJump),
            InnerIterations ?? (Robust ? 2 : 5), OuterIterations ?? (Robust ? 15 : 0));
        if (settings.InnerIterations < 1)
        {
            throw new AnomalyParameterException("inner_iter", $"inner_iter must be at least 1 (was {settings.InnerIterations}).");
        }

        if (settings.OuterIterations < 0)
        {
            throw new AnomalyParameterException("outer_iter", $"outer_iter must be at least 0 (was {settings.OuterIterations}).");
        }

        if (length < 2 * Period)
        {
            throw new AnomalyParameterException("values", $"values has {length} points; STL needs at least two periods ({2 * Period}).");
        }

        return settings;
    }

    private static void OddAtLeastThree(string name, int value)
    {
        if (value < 3 || value % 2 == 0)
        {
            throw new AnomalyParameterException(name, $"{name} must be an odd integer >= 3 (was {value}).");
        }
    }

    private static int Degree(string name, int? value)
    {
        var degree = value ?? 1;
        return degree is 0 or 1 ? degree : throw new AnomalyParameterException(name, $"{name} must be 0 or 1 (was {degree}).");
    }

    private static int Jump(string name, int? value)
    {
        var jump = value ?? 1;
        return jump >= 1 ? jump : throw new AnomalyParameterException(name, $"{name} must be a positive integer (was {jump}).");
    }
}

/// <summary>Fully resolved, validated STL settings (see <see cref="StlParameters.Resolve"/>).</summary>
public sealed record StlSettings(
    int Period,
    int Seasonal,
    int Trend,
    int LowPass,
    int SeasonalDegree,
    int TrendDegree,
    int LowPassDegree,
    int SeasonalJump,
    int TrendJump,
    int LowPassJump,
    int InnerIterations,
    int OuterIterations);
