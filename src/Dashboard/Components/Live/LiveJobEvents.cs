using Jobs.Events;

namespace Jobs.Dashboard.Components.Live;

/// <summary>A component's subscription to the engine's event stream, delivering at most one batch per <see cref="MinimumInterval"/>.</summary>
/// <remarks>
/// Throttling is back-pressure: the handler waits out the interval before returning, and while it waits the stream
/// keeps only the latest change of each job for this subscriber (bounded; it reports an overflow instead of growing).
/// So a page re-renders a few times a second whatever the event rate, and never slows the engine, which does not wait
/// for subscribers. Dispose to unsubscribe; a pending wait ends at once.
/// </remarks>
internal sealed class LiveJobEvents : IDisposable
{
    /// <summary>The shortest time between two deliveries to a component: four renders a second at most.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(250);

    private readonly CancellationTokenSource _disposed = new();
    private readonly IDisposable _subscription;
    private readonly TimeProvider _time;
    private readonly Func<JobEventBatch, Task> _deliver;

    /// <summary>Subscribes; <paramref name="deliver"/> runs for each batch (on the caller's thread: marshal to the renderer inside it).</summary>
    public LiveJobEvents(IJobEventStream stream, TimeProvider time, Func<JobEventBatch, Task> deliver, long? jobId = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(deliver);
        _time = time;
        _deliver = deliver;
        _subscription = stream.Subscribe(OnBatchAsync, jobId);
    }

    private async Task OnBatchAsync(JobEventBatch batch)
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        var started = _time.GetTimestamp();
        await _deliver(batch).ConfigureAwait(false);
        var wait = MinimumInterval - _time.GetElapsedTime(started);
        if (wait > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(wait, _time, _disposed.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
            {
                // Unsubscribed while waiting: nothing more to deliver.
            }
        }
    }

    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        // Cancelled, not disposed: a delivery still in flight may read its token.
        _disposed.Cancel();
        _subscription.Dispose();
    }
}
