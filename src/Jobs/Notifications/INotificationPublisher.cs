namespace Jobs.Notifications;

/// <summary>Hands notifications to the background sender; never waits for a channel.</summary>
/// <remarks>
/// Job failures and dead-lettering are published by the engine itself (from the event stream); anomaly detection
/// calls <see cref="PublishAnomaly"/>. Both return at once: a full queue drops the notification with a warning in
/// the log rather than slow the caller.
/// </remarks>
public interface INotificationPublisher
{
    /// <summary>Queues an anomaly notification; false when notifications are off or the queue is full.</summary>
    bool PublishAnomaly(AnomalyNotice anomaly);

    /// <summary>Queues <paramref name="notification"/>; false when notifications are off or the queue is full.</summary>
    bool Publish(Notification notification);
}
