using Jobs.Events;

namespace Jobs.Dashboard.Tests.Fakes;

/// <summary>An event stream the test publishes to by hand, delivering each batch at once; it counts live subscriptions.</summary>
public sealed class FakeJobEventStream : IJobEventStream
{
    private readonly List<(Func<JobEventBatch, Task> Handler, long? JobId)> _subscribers = [];

    public int SubscriberCount
    {
        get
        {
            lock (_subscribers)
            {
                return _subscribers.Count;
            }
        }
    }

    public void Publish(JobEvent change) => Deliver(new JobEventBatch([change], false));

    /// <summary>Hands a batch to every matching subscriber without waiting for it (as the real stream does).</summary>
    public void Deliver(JobEventBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        List<(Func<JobEventBatch, Task> Handler, long? JobId)> subscribers;
        lock (_subscribers)
        {
            subscribers = [.. _subscribers];
        }

        foreach (var (handler, jobId) in subscribers)
        {
            var events = batch.Events.Where(e => jobId is null || e.JobId == jobId).ToList();
            if (events.Count > 0 || batch.Overflowed)
            {
                _ = handler(batch with { Events = events });
            }
        }
    }

    public IDisposable Subscribe(Func<JobEventBatch, Task> handler, long? jobId = null)
    {
        var entry = (handler, jobId);
        lock (_subscribers)
        {
            _subscribers.Add(entry);
        }

        return new Unsubscriber(() =>
        {
            lock (_subscribers)
            {
                _subscribers.Remove(entry);
            }
        });
    }

    private sealed class Unsubscriber(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }
}

/// <summary>Workers as the test says they are.</summary>
public sealed class FakeWorkerPoolStatus : Jobs.Processing.IWorkerPoolStatus
{
    public bool IsEnabled { get; set; } = true;

    public bool IsRunning { get; set; } = true;

    public int WorkerCount { get; set; } = 8;

    public int BusyCount { get; set; }
}
