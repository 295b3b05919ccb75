namespace Jobs.Model;

/// <summary>A snapshot of how far a running job has come.</summary>
/// <param name="Fraction">From 0 to 1.</param>
/// <param name="Message">What the job says it is doing, if anything.</param>
/// <param name="Current">An optional counter, for example items done.</param>
/// <param name="Total">An optional total for <paramref name="Current"/>.</param>
public readonly record struct JobProgress(double Fraction, string? Message = null, long? Current = null, long? Total = null);
