namespace Jobs.Anomalies;

/// <summary>What to detect and how: the method, its thresholds, and the STL parameters.</summary>
public sealed record AnomalyDetectionSettings
{
    /// <summary>The method. Default combined.</summary>
    public AnomalyMethod Method { get; init; } = AnomalyMethod.Combined;

    /// <summary>The STL parameters (the period is required for <c>stl</c> and <c>combined</c>).</summary>
    public StlParameters? Stl { get; init; }

    /// <summary>The z-score threshold. Default 2.0 (<c>ANOMALY_ZSCORE_THRESHOLD</c>).</summary>
    public double ZScoreThreshold { get; init; } = ZScoreDetector.DefaultThreshold;

    /// <summary>The robust-z threshold on the STL residual. Default 3.5 (<c>ANOMALY_STL_THRESHOLD</c>).</summary>
    public double StlThreshold { get; init; } = RobustZScore.DefaultThreshold;

    /// <summary>Population (ddof 0, the default) or sample (ddof 1) standard deviation for the z-score.</summary>
    public bool PopulationStd { get; init; } = true;
}

/// <summary>One flagged point, reported once however many rules flagged it.</summary>
/// <param name="Index">0-based position in the series.</param>
/// <param name="Value">The observed value.</param>
/// <param name="Expected">Trend + seasonal when STL ran, otherwise the series mean.</param>
/// <param name="Score">The strongest rule's score: |z| for the z-score, the robust z for STL.</param>
/// <param name="Methods">The rules that flagged it.</param>
/// <param name="Severity">From how many times its threshold the strongest score is (see <see cref="AnomalySeverity"/>).</param>
/// <param name="ZScore">The signed z-score, when that rule ran.</param>
/// <param name="StlScore">The robust z of the residual, when STL ran.</param>
public sealed record DetectedAnomaly(int Index, double Value, double Expected, double Score, AnomalyMethods Methods, AnomalySeverity Severity, double? ZScore, double? StlScore);

/// <summary>Everything a detection computed: the components, each rule's scores, and the flagged points.</summary>
public sealed record AnomalyDetectionResult(
    AnomalyDetectionSettings Settings,
    StlDecomposition? Decomposition,
    ZScoreResult? ZScore,
    RobustZResult? Residual,
    IReadOnlyList<DetectedAnomaly> Anomalies)
{
    /// <summary>The flagged 0-based indices, ascending.</summary>
    public int[] Flagged => [.. Anomalies.Select(a => a.Index)];

    /// <summary>
    /// One score per point: the signed z-score (zscore), the robust z of the residual (stl), or for combined the
    /// larger of |z|/z-threshold and robust-z/STL-threshold (above 1 means at least one rule flags the point).
    /// </summary>
    public double[] Scores => Settings.Method switch
    {
        AnomalyMethod.ZScore => ZScore!.Scores,
        AnomalyMethod.Stl => Residual!.Scores,
        _ => [.. Enumerable.Range(0, ZScore!.Scores.Length).Select(i => Math.Max(Math.Abs(ZScore.Scores[i]) / Settings.ZScoreThreshold, Residual!.Scores[i] / Settings.StlThreshold))],
    };
}

/// <summary>Runs the z-score, STL or combined detection over one series.</summary>
/// <remarks>
/// Combined runs both rules and merges their flags by position, so a point both flag is one anomaly with both
/// methods (no duplicate alerts); its severity comes from the rule that is further past its threshold.
/// Holds an <see cref="StlDecomposer"/> and its work arrays: one detector per thread.
/// </remarks>
public sealed class AnomalyDetector
{
    private readonly StlDecomposer _stl = new();

    /// <summary>Detects anomalies in <paramref name="values"/>.</summary>
    /// <exception cref="AnomalyParameterException">For any invalid parameter or value.</exception>
    public AnomalyDetectionResult Detect(ReadOnlySpan<double> values, AnomalyDetectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Checks.Threshold("threshold", settings.ZScoreThreshold);
        Checks.Threshold("stl_threshold", settings.StlThreshold);
        var useZ = settings.Method is AnomalyMethod.ZScore or AnomalyMethod.Combined;
        var useStl = settings.Method is AnomalyMethod.Stl or AnomalyMethod.Combined;
        if (useStl && settings.Stl is null)
        {
            throw new AnomalyParameterException("period", $"The {settings.Method.ToName()} method needs a period.");
        }

        var z = useZ ? ZScoreDetector.Detect(values, settings.ZScoreThreshold, settings.PopulationStd) : null;
        StlDecomposition? decomposition = null;
        RobustZResult? residual = null;
        if (useStl)
        {
            decomposition = _stl.Decompose(values, settings.Stl!);
            // Residuals within 1e-10 of the series' magnitude are rounding noise of an exact fit, not spread.
            residual = RobustZScore.Score(decomposition.Resid, settings.StlThreshold, 1e-10 * Checks.Magnitude(values));
        }

        var methods = new Dictionary<int, AnomalyMethods>();
        foreach (var i in z?.Flagged ?? [])
        {
            methods[i] = AnomalyMethods.ZScore;
        }

        foreach (var i in residual?.Flagged ?? [])
        {
            methods[i] = methods.GetValueOrDefault(i) | AnomalyMethods.Stl;
        }

        var anomalies = new List<DetectedAnomaly>(methods.Count);
        foreach (var (index, flaggedBy) in methods.OrderBy(m => m.Key))
        {
            double? zScore = z?.Scores[index];
            double? stlScore = residual?.Scores[index];
            var zRatio = zScore is { } zs ? Math.Abs(zs) / settings.ZScoreThreshold : 0;
            var stlRatio = stlScore is { } ss ? ss / settings.StlThreshold : 0;
            var score = zRatio >= stlRatio ? Math.Abs(zScore!.Value) : stlScore!.Value;
            var expected = decomposition?.Expected(index) ?? z!.Mean;
            anomalies.Add(new DetectedAnomaly(index, values[index], expected, score, flaggedBy, AnomalyNames.SeverityOf(Math.Max(zRatio, stlRatio)), zScore, stlScore));
        }

        return new AnomalyDetectionResult(settings, decomposition, z, residual, anomalies);
    }
}
