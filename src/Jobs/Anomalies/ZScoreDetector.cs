using MathNet.Numerics.Statistics;

namespace Jobs.Anomalies;

/// <summary>What the z-score rule found.</summary>
/// <param name="Mean">The series mean.</param>
/// <param name="StandardDeviation">Population (ddof 0) or sample (ddof 1) standard deviation.</param>
/// <param name="Threshold">The threshold the scores were compared with.</param>
/// <param name="PopulationStd">Whether the population standard deviation was used.</param>
/// <param name="Scores">Signed z-scores (x − mean) / std; all 0 when the series does not vary.</param>
/// <param name="Flagged">0-based indices with |score| &gt; threshold (strict), ascending.</param>
public sealed record ZScoreResult(double Mean, double StandardDeviation, double Threshold, bool PopulationStd, double[] Scores, int[] Flagged);

/// <summary>The z-score rule: a point is an anomaly when |x − mean| / std is strictly greater than the threshold.</summary>
/// <remarks>
/// The threshold defaults to 2.0 (the Peace Map seed's <c>ANOMALY_ZSCORE_THRESHOLD</c>). A series with no spread
/// (std 0, or below 1e-12 of its magnitude, i.e. rounding noise) has every score 0 and nothing flagged.
/// </remarks>
public static class ZScoreDetector
{
    /// <summary>The seed's default threshold.</summary>
    public const double DefaultThreshold = 2.0;

    /// <summary>Scores and flags <paramref name="values"/>.</summary>
    /// <exception cref="AnomalyParameterException">For a non-positive or non-finite threshold, too few points, or a NaN or infinite value.</exception>
    public static ZScoreResult Detect(ReadOnlySpan<double> values, double threshold = DefaultThreshold, bool populationStd = true)
    {
        Checks.Threshold("threshold", threshold);
        Checks.Finite(values);
        var minimum = populationStd ? 1 : 2;
        if (values.Length < minimum)
        {
            throw new AnomalyParameterException("values", $"The z-score needs at least {minimum} points (got {values.Length}).");
        }

        var data = values.ToArray();
        var mean = ArrayStatistics.Mean(data);
        var std = populationStd ? ArrayStatistics.PopulationStandardDeviation(data) : ArrayStatistics.StandardDeviation(data);
        var scores = new double[data.Length];
        var flagged = new List<int>();
        if (std > 1e-12 * Checks.Magnitude(values))
        {
            for (var i = 0; i < data.Length; i++)
            {
                scores[i] = (data[i] - mean) / std;
                if (Math.Abs(scores[i]) > threshold)
                {
                    flagged.Add(i);
                }
            }
        }

        return new ZScoreResult(mean, std, threshold, populationStd, scores, [.. flagged]);
    }
}

/// <summary>Input checks shared by the detectors.</summary>
internal static class Checks
{
    public static void Threshold(string name, double threshold)
    {
        if (!double.IsFinite(threshold) || threshold <= 0)
        {
            throw new AnomalyParameterException(name, $"{name} must be a positive number (was {threshold}).");
        }
    }

    public static void Finite(ReadOnlySpan<double> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new AnomalyParameterException("values", $"values[{i}] is {values[i]}; only finite numbers can be scored.");
            }
        }
    }

    /// <summary>max(1, max|x|): the scale below which differences are rounding noise.</summary>
    public static double Magnitude(ReadOnlySpan<double> values)
    {
        var max = 1.0;
        foreach (var v in values)
        {
            max = Math.Max(max, Math.Abs(v));
        }

        return max;
    }
}
