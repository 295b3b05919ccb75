using System.Collections.Concurrent;
using Quartz;

namespace Jobs.Scheduling.Tests.Fakes;

/// <summary>Counts Quartz fires of schedules so a test can wait for them instead of sleeping.</summary>
internal sealed class FireCounter : IJobListener
{
    private readonly Lock _gate = new();
    private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];
    private int _total;

    public string Name => "test-fire-counter";

    public ConcurrentDictionary<string, int> ByName { get; } = new(StringComparer.Ordinal);

    /// <summary>Completes once at least <paramref name="count"/> fires have finished in total.</summary>
    public Task WaitForAsync(int count, TimeSpan timeout)
    {
        lock (_gate)
        {
            if (_total >= count)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, done));
            return done.Task.WaitAsync(timeout);
        }
    }

    public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken)
    {
        ByName.AddOrUpdate(context.JobDetail.Key.Name, 1, (_, n) => n + 1);
        lock (_gate)
        {
            _total++;
            foreach (var waiter in _waiters.Where(w => w.Count <= _total).ToList())
            {
                waiter.Done.TrySetResult();
                _waiters.Remove(waiter);
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask JobProgressChanged(IJobExecutionContext context, Quartz.Extensibility.FireInstanceProgress progress, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
