using MathNet.Numerics.Statistics;

namespace Jobs.Anomalies;

/// <summary>Median and median absolute deviation as the reference rules define them.</summary>
internal static class RobustStatistics
{
    /// <summary>The median; for an even count the mean of the two middle values (as numpy). Works on a copy.</summary>
    public static double Median(ReadOnlySpan<double> values)
    {
        var copy = values.ToArray();
        return ArrayStatistics.MedianInplace(copy);
    }

    /// <summary>median(|x − <paramref name="center"/>|).</summary>
    public static double MedianAbsoluteDeviation(ReadOnlySpan<double> values, double center)
    {
        var deviations = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            deviations[i] = Math.Abs(values[i] - center);
        }

        return ArrayStatistics.MedianInplace(deviations);
    }

    /// <summary>mean(|x − <paramref name="center"/>|).</summary>
    public static double MeanAbsoluteDeviation(ReadOnlySpan<double> values, double center)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += Math.Abs(v - center);
        }

        return values.Length == 0 ? 0 : sum / values.Length;
    }
}
