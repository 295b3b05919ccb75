namespace Jobs.Anomalies;

/// <summary>What the robust-z rule found on a series of residuals.</summary>
/// <param name="Median">median(r).</param>
/// <param name="Mad">median(|r − median|).</param>
/// <param name="Scale">1.4826 × MAD (or the fallback, see <see cref="RobustZScore"/>); 0 when the residuals do not vary.</param>
/// <param name="Threshold">The threshold the scores were compared with.</param>
/// <param name="Scores">|r − median| / scale for every point (non-negative).</param>
/// <param name="Flagged">0-based indices with score &gt; threshold (strict), ascending.</param>
public sealed record RobustZResult(double Median, double Mad, double Scale, double Threshold, double[] Scores, int[] Flagged);

/// <summary>The robust z of residuals: |r − median(r)| / (1.4826 × MAD), flagged when strictly above the threshold.</summary>
/// <remarks>
/// 1.4826 makes the MAD estimate the standard deviation of normal noise, so the scores read like z-scores that a few
/// outliers cannot inflate. When the MAD is 0 (more than half the residuals identical) the scale falls back to
/// 1.2533 × the mean absolute deviation (Iglewicz and Hoaglin's modified z), and when that is 0 too, or both are below
/// the caller's noise floor (rounding noise of an exact fit), every score is 0 and nothing is flagged.
/// </remarks>
public static class RobustZScore
{
    /// <summary>The STL detector's default threshold.</summary>
    public const double DefaultThreshold = 3.5;

    /// <summary>The factor that turns a MAD into a normal standard deviation.</summary>
    public const double MadToStd = 1.4826;

    /// <summary>The factor that turns a mean absolute deviation into a normal standard deviation (√(π/2)).</summary>
    public const double MeanAbsoluteDeviationToStd = 1.253314;

    /// <summary>Scores <paramref name="residuals"/>; scales at or below <paramref name="noiseFloor"/> count as no spread.</summary>
    /// <exception cref="AnomalyParameterException">For a bad threshold, no points, or a NaN or infinite residual.</exception>
    public static RobustZResult Score(ReadOnlySpan<double> residuals, double threshold = DefaultThreshold, double noiseFloor = 0)
    {
        Checks.Threshold("threshold", threshold);
        Checks.Finite(residuals);
        if (residuals.IsEmpty)
        {
            throw new AnomalyParameterException("values", "The robust z needs at least one point.");
        }

        var median = RobustStatistics.Median(residuals);
        var mad = RobustStatistics.MedianAbsoluteDeviation(residuals, median);
        var scale = MadToStd * mad;
        if (scale <= noiseFloor)
        {
            scale = MeanAbsoluteDeviationToStd * RobustStatistics.MeanAbsoluteDeviation(residuals, median);
        }

        var scores = new double[residuals.Length];
        var flagged = new List<int>();
        if (scale <= noiseFloor || scale == 0)
        {
            return new RobustZResult(median, mad, 0, threshold, scores, []);
        }

        for (var i = 0; i < residuals.Length; i++)
        {
            scores[i] = Math.Abs(residuals[i] - median) / scale;
            if (scores[i] > threshold)
            {
                flagged.Add(i);
            }
        }

        return new RobustZResult(median, mad, scale, threshold, scores, [.. flagged]);
    }
}
