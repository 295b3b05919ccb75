using Jobs.Events;
using Jobs.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jobs.Notifications;

/// <summary>Turns failed and dead-lettered jobs from the engine's event stream into notifications.</summary>
/// <remarks>
/// The event stream delivers on its own task, never a worker's, and this handler only maps and queues; the sending
/// happens in <see cref="NotificationDispatcher"/>. The stream coalesces a job's changes per delivery (about every
/// 100 ms): a failed attempt whose retry starts within the same window is reported by its later state only, so
/// <see cref="NotificationKind.JobFailed"/> is best effort, while dead-lettering (a final state) is always seen.
/// </remarks>
internal sealed class JobEventNotificationSource(
    IJobEventStream events,
    NotificationQueue queue,
    IOptions<NotificationOptions> options,
    ILogger<JobEventNotificationSource> logger) : IHostedService, IDisposable
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Enabled)
        {
            _subscription = events.Subscribe(OnBatch);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _subscription, null)?.Dispose();
    }

    private Task OnBatch(JobEventBatch batch)
    {
        if (batch.Overflowed)
        {
            logger.LogWarning("The job event stream dropped changes for the notification sender; some failure notifications may be missing");
        }

        foreach (var change in batch.Events)
        {
            var kind = change.State switch
            {
                JobState.Failed => NotificationKind.JobFailed,
                JobState.DeadLettered => NotificationKind.JobDeadLettered,
                _ => (NotificationKind?)null,
            };
            if (kind is { } k)
            {
                queue.Publish(new Notification
                {
                    Kind = k,
                    OccurredAt = change.At,
                    JobId = change.JobId,
                    JobType = change.Type,
                    Queue = change.Queue,
                });
            }
        }

        return Task.CompletedTask;
    }
}
