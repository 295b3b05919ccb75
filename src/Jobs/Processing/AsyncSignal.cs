namespace Jobs.Processing;

/// <summary>A wake-up call that is never lost: a signal given while nobody waits completes the next wait at once.</summary>
internal sealed class AsyncSignal(TimeProvider time)
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Set() => Volatile.Read(ref _next).TrySetResult();

    /// <summary>Waits for a signal or the timeout; true when signalled. Re-arms before returning.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        WaitUntilAsync(time.GetUtcNow() + timeout, cancellationToken);

    /// <summary>Waits for a signal or until <paramref name="deadline"/> on the clock; true when signalled. Re-arms before returning.</summary>
    /// <remarks>
    /// The caller computes the deadline from a clock reading taken a moment earlier; the timer, though, counts from when
    /// it is armed. A clock that moves in between (a test's fake clock jumps) would make a relative timeout fire that
    /// much later, or never: here the clock is read again once the timer is armed, and a deadline already passed ends
    /// the wait at once.
    /// </remarks>
    public async Task<bool> WaitUntilAsync(DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _next);
        var signalled = current.Task.IsCompleted;
        var timeout = deadline - time.GetUtcNow();
        if (!signalled && timeout > TimeSpan.Zero)
        {
            var wait = current.Task.WaitAsync(timeout, time, cancellationToken);
            if (time.GetUtcNow() >= deadline && !wait.IsCompleted)
            {
                // Abandoned: observe its timeout so it is not reported as unobserved.
                _ = wait.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                cancellationToken.ThrowIfCancellationRequested();
                signalled = current.Task.IsCompleted;
            }
            else
            {
                try
                {
                    await wait.ConfigureAwait(false);
                    signalled = true;
                }
                catch (TimeoutException)
                {
                    signalled = false;
                }
            }
        }

        if (signalled)
        {
            Interlocked.CompareExchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), current);
        }

        return signalled;
    }
}
