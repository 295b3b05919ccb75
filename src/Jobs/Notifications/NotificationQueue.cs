using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jobs.Notifications;

/// <summary>The bounded queue between publishers (the event stream, anomaly detection) and <see cref="NotificationDispatcher"/>.</summary>
internal sealed class NotificationQueue : INotificationPublisher
{
    private readonly Channel<Notification> _channel;
    private readonly bool _enabled;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _dropped;

    public NotificationQueue(IOptions<NotificationOptions> options, TimeProvider time, ILogger<NotificationQueue> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _enabled = options.Value.Enabled;
        _time = time;
        _logger = logger;
        _channel = Channel.CreateBounded<Notification>(new BoundedChannelOptions(Math.Max(1, options.Value.QueueCapacity))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    /// <summary>What <see cref="NotificationDispatcher"/> reads.</summary>
    public ChannelReader<Notification> Reader => _channel.Reader;

    /// <summary>How many notifications were dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public bool PublishAnomaly(AnomalyNotice anomaly)
    {
        ArgumentNullException.ThrowIfNull(anomaly);
        return Publish(new Notification
        {
            Kind = NotificationKind.AnomalyDetected,
            OccurredAt = anomaly.PointAt ?? _time.GetUtcNow(),
            JobType = anomaly.JobType,
            Anomaly = anomaly,
        });
    }

    public bool Publish(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (!_enabled)
        {
            return false;
        }

        // TryWrite on a full bounded channel (Wait mode) returns false at once: never block the publisher.
        if (_channel.Writer.TryWrite(notification))
        {
            return true;
        }

        var dropped = Interlocked.Increment(ref _dropped);
        if (IsWorthLogging(dropped))
        {
            _logger.LogWarning("Notification queue full: dropped {Kind} for job {JobId} ({Dropped} dropped so far)", notification.Kind, notification.JobId, dropped);
        }

        return false;
    }

    /// <summary>Logs the 1st, 10th, 100th… drop and every 1000th after, so a flood leaves a trace without flooding the log.</summary>
    internal static bool IsWorthLogging(long count) => count is 1 or 10 or 100 || count % 1000 == 0;
}
