namespace Jobs.Tests.Fakes;

/// <summary>A pulse to wait on: take <see cref="NextAsync"/> before looking at the state, so a change in between still wakes the waiter.</summary>
internal sealed class AsyncSignalSlim
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task NextAsync() => Volatile.Read(ref _next).Task;

    public void Set() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
