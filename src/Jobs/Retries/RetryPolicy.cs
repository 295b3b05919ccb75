namespace Jobs.Retries;

/// <summary>How long to wait before retry number <c>n</c>: exponential back-off with optional jitter.</summary>
/// <param name="MaxRetries">How many retries after the first attempt.</param>
/// <param name="Delay">The delay before the first retry.</param>
/// <param name="Backoff">The factor each further delay grows by (1 = constant).</param>
/// <param name="Jitter">Whether to spread delays so failed jobs do not retry in lock-step.</param>
/// <param name="MaxDelay">The cap on any one delay.</param>
public readonly record struct RetryPolicy(int MaxRetries, TimeSpan Delay, double Backoff, bool Jitter, TimeSpan MaxDelay)
{
    /// <summary>The delay before retry <paramref name="retryNumber"/> (1-based).</summary>
    /// <param name="retryNumber">1 for the first retry.</param>
    /// <param name="random">A value in [0, 1) that spreads the delay when <see cref="Jitter"/> is on.</param>
    /// <remarks>
    /// With jitter the delay is drawn uniformly from [50%, 100%] of the exponential value ("equal jitter"):
    /// spread enough to break lock-step, never so short that a retry storm hits a struggling dependency.
    /// </remarks>
    public TimeSpan DelayFor(int retryNumber, double random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retryNumber, 1);
        var exponential = Delay.TotalMilliseconds * Math.Pow(Backoff, retryNumber - 1);
        var capped = Math.Min(exponential, MaxDelay.TotalMilliseconds);
        if (double.IsNaN(capped) || capped < 0)
        {
            capped = MaxDelay.TotalMilliseconds;
        }

        var ms = Jitter ? capped * (0.5 + (0.5 * random)) : capped;
        return TimeSpan.FromMilliseconds(Math.Round(ms));
    }
}
