namespace Jobs.Processing;

/// <summary>A wake-up call that is never lost: a signal given while nobody waits completes the next wait at once.</summary>
internal sealed class AsyncSignal(TimeProvider time)
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Set() => Volatile.Read(ref _next).TrySetResult();

    /// <summary>Waits for a signal or the timeout; true when signalled. Re-arms before returning.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _next);
        var signalled = current.Task.IsCompleted;
        if (!signalled && timeout > TimeSpan.Zero)
        {
            try
            {
                await current.Task.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
                signalled = true;
            }
            catch (TimeoutException)
            {
                signalled = false;
            }
        }

        if (signalled)
        {
            Interlocked.CompareExchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), current);
        }

        return signalled;
    }
}
