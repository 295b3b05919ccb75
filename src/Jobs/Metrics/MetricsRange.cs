using System.Globalization;
using Jobs.Client;

namespace Jobs.Metrics;

/// <summary>A chart's time range [<see cref="From"/>, <see cref="To"/>) cut into intervals of <see cref="Step"/>.</summary>
/// <param name="From">Start, inclusive; the first interval starts here.</param>
/// <param name="To">End, exclusive; the last interval may end after it (it is cut there).</param>
/// <param name="Step">Interval length.</param>
public sealed record MetricsRange(DateTimeOffset From, DateTimeOffset To, TimeSpan Step)
{
    /// <summary>The shortest step: one second (the store keeps milliseconds, but a chart finer than seconds says nothing).</summary>
    public static readonly TimeSpan MinStep = TimeSpan.FromSeconds(1);

    /// <summary>The most intervals one range may have: 2,000 (more points than a chart has pixels).</summary>
    public const int MaxIntervals = 2_000;

    /// <summary>How many intervals the range has.</summary>
    public long IntervalCount => Step <= TimeSpan.Zero || To <= From ? 0 : (long)Math.Ceiling((To - From) / Step);

    /// <summary>Throws <see cref="JobValidationException"/> with field-level messages (<c>from</c>, <c>to</c>, <c>step</c>) for a range that can't be charted.</summary>
    /// <remarks>A step too small for the range would make the store aggregate, and the browser draw, more points than anyone can read.</remarks>
    public void Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        ValidateSpan(From, To, errors);
        if (Step < MinStep)
        {
            errors["step"] = [string.Create(CultureInfo.InvariantCulture, $"The step must be at least {MinStep.TotalSeconds:0} s (was {Step}).")];
        }
        else if (errors.Count == 0 && IntervalCount > MaxIntervals)
        {
            var smallest = TimeSpan.FromSeconds(Math.Ceiling((To - From).TotalSeconds / MaxIntervals));
            errors["step"] = [string.Create(CultureInfo.InvariantCulture, $"A step of {Step} cuts this range into {IntervalCount} intervals; at most {MaxIntervals} are allowed, so use a step of at least {smallest}.")];
        }

        if (errors.Count > 0)
        {
            throw new JobValidationException(errors);
        }
    }

    /// <summary>Throws <see cref="JobValidationException"/> when <paramref name="from"/> is not before <paramref name="to"/>.</summary>
    public static void ValidateSpan(DateTimeOffset from, DateTimeOffset to)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        ValidateSpan(from, to, errors);
        if (errors.Count > 0)
        {
            throw new JobValidationException(errors);
        }
    }

    private static void ValidateSpan(DateTimeOffset from, DateTimeOffset to, Dictionary<string, string[]> errors)
    {
        if (from >= to)
        {
            errors["from"] = [string.Create(CultureInfo.InvariantCulture, $"from ({from:O}) must be before to ({to:O}).")];
        }
    }
}
