namespace Jobs.Anomalies;

/// <summary>The result of an STL decomposition: value = trend + seasonal + resid at every point.</summary>
/// <param name="Settings">The resolved parameters the fit used.</param>
/// <param name="Trend">The trend component.</param>
/// <param name="Seasonal">The seasonal component.</param>
/// <param name="Resid">The remainder, value − trend − seasonal.</param>
/// <param name="Weights">The robustness weights of the last pass (all 1 when no outer iterations ran).</param>
public sealed record StlDecomposition(StlSettings Settings, double[] Trend, double[] Seasonal, double[] Resid, double[] Weights)
{
    /// <summary>Whether robustness weights were computed (outer iterations ran).</summary>
    public bool IsRobust => Settings.OuterIterations > 0;

    /// <summary>The expected value at a point: trend + seasonal.</summary>
    public double Expected(int index) => Trend[index] + Seasonal[index];
}
