using System.Threading.Channels;
using Jobs.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jobs.Notifications;

/// <summary>The background sender: takes notifications from <see cref="NotificationQueue"/>, adds the job's error, and delivers each to every channel that accepts it.</summary>
/// <remarks>
/// Each channel has its own bounded queue and loop, so a dead webhook (timing out and retrying with back-off) delays
/// only its own notifications, never another channel's and never a worker. A full channel queue drops with a
/// warning. Notifications still queued at shutdown are not sent.
/// </remarks>
internal sealed class NotificationDispatcher : BackgroundService
{
    private readonly NotificationQueue _queue;
    private readonly NotificationOptions _options;
    private readonly IJobQueries _queries;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private readonly List<Lane> _lanes = [];

    public NotificationDispatcher(NotificationQueue queue, IOptions<NotificationOptions> options, IJobQueries queries, TimeProvider time, ILogger<NotificationDispatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _queue = queue;
        _options = options.Value;
        _queries = queries;
        _time = time;
        _logger = logger;
        // Per-try timeouts come from each channel's settings; connections are recycled so DNS changes are seen.
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
        if (!_options.Enabled)
        {
            return;
        }

        for (var i = 0; i < _options.Webhooks.Count; i++)
        {
            var webhook = _options.Webhooks[i];
            AddLane(new WebhookChannel(webhook.Name ?? $"webhook {i}", webhook, _http, _time));
        }

        for (var i = 0; i < _options.Email.Count; i++)
        {
            var email = _options.Email[i];
            AddLane(new EmailChannel(email.Name ?? $"email {i}", email));
        }
    }

    /// <summary>The channels in use.</summary>
    internal IReadOnlyList<INotificationChannel> Channels => [.. _lanes.Select(l => l.Channel)];

    /// <summary>How many notifications channels dropped because their queue was full.</summary>
    internal long Dropped => _lanes.Sum(l => l.Dropped);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_lanes.Count == 0)
        {
            return;
        }

        _logger.LogInformation("Sending notifications through {Count} channels: {Channels}", _lanes.Count, string.Join(", ", _lanes.Select(l => l.Channel.Name)));
        var senders = _lanes.Select(lane => SendLoopAsync(lane, stoppingToken)).ToList();
        try
        {
            await foreach (var notification in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                var lanes = _lanes.Where(l => l.Channel.Options.Accepts(notification)).ToList();
                if (lanes.Count == 0)
                {
                    continue;
                }

                var enriched = await EnrichAsync(notification, stoppingToken);
                foreach (var lane in lanes)
                {
                    lane.Offer(enriched, _logger);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: whatever is still queued is not sent.
        }
        finally
        {
            foreach (var lane in _lanes)
            {
                lane.Queue.Writer.TryComplete();
            }

            await Task.WhenAll(senders);
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        _http.Dispose();
    }

    private void AddLane(INotificationChannel channel) =>
        _lanes.Add(new Lane(channel, Channel.CreateBounded<Notification>(new BoundedChannelOptions(Math.Max(1, _options.QueueCapacity))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        })));

    // Adds the failed attempt's number and error; a notification still goes out when the job can't be read.
    private async Task<Notification> EnrichAsync(Notification notification, CancellationToken cancellationToken)
    {
        if (notification.JobId is not { } jobId || notification.ErrorMessage is not null)
        {
            return notification;
        }

        try
        {
            var job = await _queries.GetAsync(jobId, cancellationToken);
            var attempt = job?.Attempts.LastOrDefault(a => a.Error is not null) ?? (job is { Attempts: [.., var last] } ? last : null);
            return attempt is null
                ? notification
                : notification with { Attempt = attempt.Number, ErrorType = attempt.Error?.Type, ErrorMessage = attempt.Error?.Message };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning(ex, "Could not read job {JobId} for its notification; sending without the error", jobId);
            return notification;
        }
    }

    private async Task SendLoopAsync(Lane lane, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var notification in lane.Queue.Reader.ReadAllAsync(stoppingToken))
            {
                await DeliverAsync(lane.Channel, notification, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task DeliverAsync(INotificationChannel channel, Notification notification, CancellationToken stoppingToken)
    {
        var options = channel.Options;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await channel.SendAsync(notification, stoppingToken);
                _logger.LogDebug("Sent {Kind} notification {NotificationId} through {Channel} on try {Attempt}", notification.Kind, notification.Id, channel.Name, attempt);
                return;
            }
            // The one broad catch of the sender: whatever one try throws, the next notification still goes out.
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                var permanent = ex is NotificationDeliveryException { Permanent: true };
                if (permanent || attempt >= options.MaxAttempts)
                {
                    _logger.LogWarning("Gave up sending {Kind} notification {NotificationId} through {Channel} after {Attempts} tries: {Reason}",
                        notification.Kind, notification.Id, channel.Name, attempt, ex.Message);
                    return;
                }

                var delay = DeliveryBackoff.DelayBefore(attempt + 1, options.RetryDelay);
                _logger.LogInformation("Try {Attempt} to send {Kind} notification {NotificationId} through {Channel} failed ({Reason}); retrying in {Delay}",
                    attempt, notification.Kind, notification.Id, channel.Name, ex.Message, delay);
                await Task.Delay(delay, _time, stoppingToken);
            }
        }
    }

    private sealed record Lane(INotificationChannel Channel, Channel<Notification> Queue)
    {
        private long _dropped;

        public long Dropped => Interlocked.Read(ref _dropped);

        public void Offer(Notification notification, ILogger logger)
        {
            if (Queue.Writer.TryWrite(notification))
            {
                return;
            }

            var dropped = Interlocked.Increment(ref _dropped);
            if (NotificationQueue.IsWorthLogging(dropped))
            {
                logger.LogWarning("Channel {Channel} is behind: dropped {Kind} notification for job {JobId} ({Dropped} dropped so far)",
                    Channel.Name, notification.Kind, notification.JobId, dropped);
            }
        }
    }
}

/// <summary>Waits between tries: the configured delay before the second try, doubling each time, at most 5 minutes.</summary>
internal static class DeliveryBackoff
{
    /// <summary>The longest wait between two tries.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(5);

    /// <summary>The wait before try <paramref name="attempt"/> (2 or more).</summary>
    public static TimeSpan DelayBefore(int attempt, TimeSpan firstDelay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 2);
        var factor = Math.Pow(2, Math.Min(attempt - 2, 30));
        var ticks = Math.Min(firstDelay.Ticks * factor, MaxDelay.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}
