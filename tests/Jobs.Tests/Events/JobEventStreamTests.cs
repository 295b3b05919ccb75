using Jobs.Events;
using Jobs.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Jobs.Tests.Events;

public sealed class JobEventStreamTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private JobEventStream Create(int maxPending = 10_000) => new(_time, Options.Create(new JobEventStreamOptions { MinimumInterval = TimeSpan.FromMilliseconds(100), MaxPendingJobs = maxPending }), NullLogger<JobEventStream>.Instance);

    private static JobEvent Progress(long id, double fraction) => new(id, "t", "default", JobState.Processing, new JobProgress(fraction), DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task Subscriber_GetsOnlyTheLatestChangePerJob_AtMostOncePerInterval()
    {
        var stream = Create();
        var batches = new List<JobEventBatch>();
        var delivered = new SemaphoreSlim(0);
        using var _ = stream.Subscribe(b => { lock (batches) { batches.Add(b); } delivered.Release(); return Task.CompletedTask; });

        stream.Publish(Progress(1, 0.01));
        Assert.True(await delivered.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
        for (var i = 2; i <= 1000; i++)
        {
            stream.Publish(Progress(1, i / 1000.0));
        }

        Assert.False(await delivered.WaitAsync(TimeSpan.FromMilliseconds(50), TestContext.Current.CancellationToken));
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(await delivered.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
        lock (batches)
        {
            Assert.Equal(2, batches.Count);
            var last = Assert.Single(batches[1].Events);
            Assert.Equal(1.0, last.Progress!.Value.Fraction);
        }
    }

    [Fact]
    public async Task SlowSubscriber_NeverBlocksPublishers_AndIsToldToReload_WhenItFallsFarBehind()
    {
        var stream = Create(maxPending: 10);
        var release = new TaskCompletionSource();
        var batches = new List<JobEventBatch>();
        var delivered = new SemaphoreSlim(0);
        using var _ = stream.Subscribe(async b =>
        {
            lock (batches)
            {
                batches.Add(b);
            }

            delivered.Release();
            await release.Task;
        });

        stream.Publish(Progress(0, 0));
        Assert.True(await delivered.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
        for (var id = 1; id <= 100_000; id++)
        {
            stream.Publish(Progress(id % 1000, 0.5));
        }

        release.SetResult();
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(await delivered.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
        lock (batches)
        {
            Assert.True(batches[1].Overflowed);
            Assert.True(batches[1].Events.Count <= 10);
        }
    }

    [Fact]
    public async Task Subscription_ForOneJob_IgnoresOthers_AndStopsOnDispose()
    {
        var stream = Create();
        var seen = new List<long>();
        var delivered = new SemaphoreSlim(0);
        var subscription = stream.Subscribe(b => { lock (seen) { seen.AddRange(b.Events.Select(e => e.JobId)); } delivered.Release(); return Task.CompletedTask; }, jobId: 7);
        stream.Publish(Progress(6, 0.1));
        stream.Publish(Progress(7, 0.1));
        Assert.True(await delivered.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
        subscription.Dispose();
        _time.Advance(TimeSpan.FromSeconds(1));
        stream.Publish(Progress(7, 0.2));
        Assert.False(await delivered.WaitAsync(TimeSpan.FromMilliseconds(50), TestContext.Current.CancellationToken));
        lock (seen)
        {
            Assert.Equal([7L], seen);
        }
    }

    [Fact]
    public async Task OlderChange_ArrivingLate_DoesNotReplaceTheNewerOneWaiting()
    {
        var stream = new JobEventStream(_time, Options.Create(new JobEventStreamOptions { MinimumInterval = TimeSpan.Zero }), NullLogger<JobEventStream>.Instance);
        var batches = new List<JobEventBatch>();
        var delivered = new SemaphoreSlim(0);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = stream.Subscribe(async b =>
        {
            lock (batches)
            {
                batches.Add(b);
            }

            delivered.Release();
            await release.Task;
        });
        var t = new DateTimeOffset(2026, 1, 1, 0, 0, 1, TimeSpan.Zero);
        stream.Publish(new JobEvent(9, "t", "default", JobState.Processing, null, t));
        Assert.True(await delivered.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));

        // While the subscriber is busy with that batch: this node's Succeeded, then another node's relayed Enqueued from
        // before it (one from the same millisecond, one from earlier). They wait together for the next batch.
        stream.Publish(new JobEvent(9, "t", "default", JobState.Succeeded, null, t.AddMilliseconds(2)));
        stream.Publish(new JobEvent(9, "t", "default", JobState.Enqueued, null, t.AddMilliseconds(2)));
        stream.Publish(new JobEvent(9, "t", "default", JobState.Enqueued, null, t.AddMilliseconds(1)));
        release.SetResult();
        Assert.True(await delivered.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
        lock (batches)
        {
            Assert.Equal(JobState.Succeeded, Assert.Single(batches[1].Events).State);
        }
    }

    [Fact]
    public void IsStale_ComparesWholeMilliseconds_SoProgressJustAfterAStateChangeStillReplacesIt()
    {
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 1, TimeSpan.Zero);
        var started = new JobEvent(1, "t", "default", JobState.Processing, null, at);
        var progress = new JobEvent(1, "t", "default", JobState.Processing, new JobProgress(0.5), at.AddTicks(5_000));
        var retried = new JobEvent(1, "t", "default", JobState.Enqueued, null, at.AddMilliseconds(3));
        var failed = new JobEvent(1, "t", "default", JobState.DeadLettered, null, at.AddMilliseconds(3));

        Assert.False(JobEventStream.IsStale(progress, started));
        Assert.False(JobEventStream.IsStale(started, progress));
        Assert.False(JobEventStream.IsStale(failed, progress));
        Assert.True(JobEventStream.IsStale(started, failed));
        Assert.True(JobEventStream.IsStale(retried, failed));
        Assert.False(JobEventStream.IsStale(retried with { At = at.AddMilliseconds(4) }, failed));
    }
}
