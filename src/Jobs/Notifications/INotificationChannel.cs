namespace Jobs.Notifications;

/// <summary>One configured way out: a webhook or an e-mail route.</summary>
internal interface INotificationChannel
{
    /// <summary>The name in logs.</summary>
    string Name { get; }

    /// <summary>Filters, retry and timeout settings.</summary>
    NotificationChannelOptions Options { get; }

    /// <summary>Makes one try; throws <see cref="NotificationDeliveryException"/> (or an I/O error) when it fails.</summary>
    Task SendAsync(Notification notification, CancellationToken cancellationToken);
}

/// <summary>A failed try; <see cref="Permanent"/> means retrying cannot help (e.g. the receiver answered 400).</summary>
internal sealed class NotificationDeliveryException(string message, bool permanent) : Exception(message)
{
    public bool Permanent { get; } = permanent;
}
