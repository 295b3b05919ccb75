using Jobs.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jobs.Events;

/// <summary>The coalescing, non-blocking implementation of <see cref="IJobEventStream"/>.</summary>
internal sealed class JobEventStream(TimeProvider time, IOptions<JobEventStreamOptions> options, ILogger<JobEventStream> logger) : IJobEventStream
{
    private readonly JobEventStreamOptions _options = options.Value;
    private readonly TimeProvider _time = time;
    private readonly ILogger _logger = logger;
    private volatile Subscription[] _subscriptions = [];
    private readonly Lock _gate = new();

    public bool HasSubscribers => _subscriptions.Length > 0;

    public void Publish(JobEvent change)
    {
        var subscriptions = _subscriptions;
        foreach (var s in subscriptions)
        {
            s.Offer(change);
        }
    }

    public IDisposable Subscribe(Func<JobEventBatch, Task> handler, long? jobId = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new Subscription(this, handler, jobId);
        lock (_gate)
        {
            _subscriptions = [.. _subscriptions, subscription];
        }

        return subscription;
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscriptions = [.. _subscriptions.Where(s => s != subscription)];
        }
    }

    /// <summary>
    /// True when <paramref name="change"/> is older news than <paramref name="waiting"/>: another node's relayed event can
    /// arrive after this node's own later one (a job enqueued on B, run and finished here within milliseconds).
    /// </summary>
    /// <remarks>Compared at millisecond precision (state changes carry whole milliseconds); within one millisecond a
    /// final state is never replaced by a non-final one, as nothing follows a final state that fast.</remarks>
    internal static bool IsStale(JobEvent change, JobEvent waiting)
    {
        var changeMs = change.At.ToUnixTimeMilliseconds();
        var waitingMs = waiting.At.ToUnixTimeMilliseconds();
        return changeMs < waitingMs || (changeMs == waitingMs && waiting.State.IsFinal() && !change.State.IsFinal());
    }

    /// <summary>One subscriber: the latest change per job waits here until the subscriber's next batch.</summary>
    private sealed class Subscription(JobEventStream owner, Func<JobEventBatch, Task> handler, long? jobId) : IDisposable
    {
        private readonly Lock _gate = new();
        private Dictionary<long, JobEvent> _pending = [];
        private bool _overflowed;
        private bool _scheduled;
        private bool _disposed;
        private long _lastDeliveryTicks;

        public void Offer(JobEvent change)
        {
            if (jobId is { } only && change.JobId != only)
            {
                return;
            }

            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                if (_pending.Count >= owner._options.MaxPendingJobs && !_pending.ContainsKey(change.JobId))
                {
                    _overflowed = true;
                }
                else if (!_pending.TryGetValue(change.JobId, out var waiting) || !IsStale(change, waiting))
                {
                    // Keep the newest; a state change followed by progress keeps the progress event's state too.
                    _pending[change.JobId] = change;
                }

                if (_scheduled)
                {
                    return;
                }

                _scheduled = true;
            }

            _ = DeliverAsync();
        }

        private async Task DeliverAsync()
        {
            try
            {
                var time = owner._time;
                var elapsed = time.GetElapsedTime(Interlocked.Read(ref _lastDeliveryTicks));
                var wait = owner._options.MinimumInterval - elapsed;
                if (_lastDeliveryTicks != 0 && wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time).ConfigureAwait(false);
                }
                else
                {
                    await Task.Yield();
                }

                while (true)
                {
                    Dictionary<long, JobEvent> batch;
                    bool overflowed;
                    lock (_gate)
                    {
                        if (_disposed || (_pending.Count == 0 && !_overflowed))
                        {
                            _scheduled = false;
                            return;
                        }

                        batch = _pending;
                        overflowed = _overflowed;
                        _pending = new Dictionary<long, JobEvent>(Math.Min(batch.Count, 64));
                        _overflowed = false;
                    }

                    Interlocked.Exchange(ref _lastDeliveryTicks, time.GetTimestamp());
                    try
                    {
                        await handler(new JobEventBatch([.. batch.Values], overflowed)).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException)
                    {
                        owner._logger.LogWarning(ex, "A job event subscriber failed; it stays subscribed");
                    }

                    await Task.Delay(owner._options.MinimumInterval, time).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                owner._logger.LogError(ex, "Job event delivery stopped");
                lock (_gate)
                {
                    _scheduled = false;
                }
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                _pending.Clear();
            }

            owner.Remove(this);
        }
    }
}
