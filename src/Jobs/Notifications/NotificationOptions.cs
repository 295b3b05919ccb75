using MailKit.Security;

namespace Jobs.Notifications;

/// <summary>Notification channels, bound from the <c>Notifications</c> section. Off by default.</summary>
public sealed class NotificationOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Notifications";

    /// <summary>Whether notifications are sent at all. Defaults to false.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// How many notifications may wait to be sent, in the shared queue and in each channel's queue, before new ones
    /// are dropped (with a warning in the log). Defaults to 1000. Dropping keeps a dead receiver from growing memory;
    /// workers never wait for it either way.
    /// </summary>
    public int QueueCapacity { get; set; } = 1000;

    /// <summary>Webhook channels: a signed JSON POST per notification.</summary>
    public List<WebhookChannelOptions> Webhooks { get; } = [];

    /// <summary>E-mail channels over SMTP.</summary>
    public List<EmailChannelOptions> Email { get; } = [];
}

/// <summary>What every channel has: a name and its filters.</summary>
public abstract class NotificationChannelOptions
{
    /// <summary>A name for logs. Defaults to the channel's kind and position, e.g. <c>webhook 0</c>.</summary>
    public string? Name { get; set; }

    /// <summary>The events this channel sends (<c>JobFailed</c>, <c>JobDeadLettered</c>, <c>AnomalyDetected</c>). Empty: all.</summary>
    public List<NotificationKind> Events { get; } = [];

    /// <summary>
    /// The job types this channel sends about. Empty: all. With a list, notifications without a job type (an anomaly
    /// in a series that belongs to no job type) are not sent.
    /// </summary>
    public List<string> JobTypes { get; } = [];

    /// <summary>Tries per notification, the first included. Defaults to 5.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Wait before the second try; each further wait doubles, up to 5 minutes. Defaults to 2 seconds.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one try may take. Defaults to 10 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether this channel sends <paramref name="notification"/>.</summary>
    public bool Accepts(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return (Events.Count == 0 || Events.Contains(notification.Kind))
            && (JobTypes.Count == 0 || (notification.JobType is { } type && JobTypes.Contains(type, StringComparer.Ordinal)));
    }
}

/// <summary>A webhook: JSON POSTed to <see cref="Url"/>, signed with HMAC-SHA256 over the body.</summary>
public sealed class WebhookChannelOptions : NotificationChannelOptions
{
    /// <summary>The receiver, an absolute http or https URL.</summary>
    public string? Url { get; set; }

    /// <summary>The shared secret for the <c>X-Jobs-Signature: sha256=&lt;hex&gt;</c> header. Required.</summary>
    public string? Secret { get; set; }
}

/// <summary>E-mail over SMTP (MailKit).</summary>
public sealed class EmailChannelOptions : NotificationChannelOptions
{
    /// <summary>The SMTP server's host name.</summary>
    public string? Host { get; set; }

    /// <summary>The SMTP port. Defaults to 587.</summary>
    public int Port { get; set; } = 587;

    /// <summary>Transport security: <c>Auto</c>, <c>None</c>, <c>SslOnConnect</c>, <c>StartTls</c> or <c>StartTlsWhenAvailable</c>. Defaults to <c>StartTls</c>.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTls;

    /// <summary>The user to authenticate as; none when empty.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender address, e.g. <c>Jobs &lt;jobs@example.com&gt;</c>.</summary>
    public string? From { get; set; }

    /// <summary>The recipients.</summary>
    public List<string> To { get; } = [];
}
