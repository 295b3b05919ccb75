namespace Jobs.BuiltIn.Pipeline.Ingestion;

/// <summary>Spaces one job's sequential requests so that the server never sees more than the rate.</summary>
/// <remarks>
/// The interval (1/rate) counts from the end of the previous request, not its start: the server has surely received
/// a request once it has answered it, so it sees consecutive requests at least the interval apart even when the
/// first one was slowed by connecting. The cost is that each request's own latency adds to the spacing.
/// </remarks>
internal sealed class RequestPacer(double? requestsPerSecond, TimeProvider time)
{
    private readonly TimeSpan _interval = requestsPerSecond is { } rps ? TimeSpan.FromSeconds(1 / rps) : TimeSpan.Zero;
    private long? _last;

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        if (_interval > TimeSpan.Zero && _last is { } last)
        {
            var wait = _interval - time.GetElapsedTime(last);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }
        }

        _last = time.GetTimestamp();
    }

    /// <summary>Marks the end of a request: the next one waits the interval from now.</summary>
    public void Completed() => _last = time.GetTimestamp();
}
