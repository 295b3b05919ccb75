namespace Jobs.Benchmarks.Infrastructure;

/// <summary>The median, min and max of a figure over the rounds of a scenario.</summary>
/// <param name="Median">The figure we report: one slow or lucky round can't move it.</param>
/// <param name="Min">The lowest round.</param>
/// <param name="Max">The highest round.</param>
/// <param name="Rounds">Every round's value, in the order they ran.</param>
internal sealed record Summary(double Median, double Min, double Max, IReadOnlyList<double> Rounds);

/// <summary>Small statistics over measured values: no library, so the method is on the page.</summary>
internal static class Stats
{
    /// <summary>Summarizes per-round values; the median of an even count is the mean of the middle two.</summary>
    public static Summary Summarize(IReadOnlyList<double> rounds)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        if (rounds.Count == 0)
        {
            throw new ArgumentException("No rounds to summarize.", nameof(rounds));
        }

        var sorted = rounds.Order().ToArray();
        var mid = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new Summary(median, sorted[0], sorted[^1], [.. rounds]);
    }

    /// <summary>The nearest-rank percentile (<paramref name="p"/> from 0 to 100) of unsorted values.</summary>
    /// <remarks>Nearest-rank rather than interpolated: every reported latency is one that really happened.</remarks>
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        return PercentileOfSorted(sorted, p);
    }

    /// <summary>As <see cref="Percentile"/>, for values already sorted ascending.</summary>
    public static double PercentileOfSorted(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
