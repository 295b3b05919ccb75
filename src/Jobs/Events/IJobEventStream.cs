namespace Jobs.Events;

/// <summary>The in-process stream of job changes that dashboards and hubs subscribe to.</summary>
/// <remarks>
/// Publishing never blocks and never waits for a subscriber. Each subscriber receives batches in
/// which every job appears at most once, with its latest change (coalesced), at most every
/// <see cref="JobEventStreamOptions.MinimumInterval"/>; a subscriber that falls far behind is told
/// to reload (<see cref="JobEventBatch.Overflowed"/>) instead of making memory grow.
/// </remarks>
public interface IJobEventStream
{
    /// <summary>Publishes a change. Cheap when nobody listens.</summary>
    void Publish(JobEvent change);

    /// <summary>False while nobody would receive a published change, so hot paths can skip building the event at all.</summary>
    bool HasSubscribers => true;

    /// <summary>Subscribes; dispose the result to stop. <paramref name="jobId"/> limits the stream to one job.</summary>
    IDisposable Subscribe(Func<JobEventBatch, Task> handler, long? jobId = null);
}

/// <summary>A batch of coalesced changes delivered to one subscriber.</summary>
/// <param name="Events">The latest change of each job that changed, oldest first.</param>
/// <param name="Overflowed">True when changes were dropped because the subscriber fell behind: reload the view.</param>
public sealed record JobEventBatch(IReadOnlyList<JobEvent> Events, bool Overflowed);

/// <summary>Tuning for <see cref="IJobEventStream"/>.</summary>
public sealed class JobEventStreamOptions
{
    /// <summary>The shortest time between two batches to one subscriber. Defaults to 100 ms, so a job's progress reaches a subscriber at most 10 times a second.</summary>
    public TimeSpan MinimumInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How many distinct jobs may wait for one subscriber before it is told to reload. Defaults to 10,000.</summary>
    public int MaxPendingJobs { get; set; } = 10_000;
}
