namespace Jobs.Notifications;

/// <summary>What a notification is about; channels filter on it.</summary>
/// <remarks>The names are configuration values (<c>Notifications:Webhooks:0:Events</c>) and the webhook's <c>event</c> field: never rename.</remarks>
public enum NotificationKind
{
    /// <summary>An attempt failed and the job will be retried.</summary>
    JobFailed,
    /// <summary>Retries ran out (or the error was permanent): the job is in the dead-letter queue.</summary>
    JobDeadLettered,
    /// <summary>Anomaly detection flagged a point in a metric series.</summary>
    AnomalyDetected,
}

/// <summary>One notification, as channels send it.</summary>
public sealed record Notification
{
    /// <summary>A unique id, sent as the webhook delivery id, so a receiver can drop duplicates from retries.</summary>
    public Guid Id { get; init; } = Guid.NewGuid();

    public required NotificationKind Kind { get; init; }

    /// <summary>When the event happened.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The job, for job events.</summary>
    public long? JobId { get; init; }

    /// <summary>The job type (job events; anomalies about one job type). Channels' job-type filters match on it.</summary>
    public string? JobType { get; init; }

    public string? Queue { get; init; }

    /// <summary>The attempt that failed, when known.</summary>
    public int? Attempt { get; init; }

    /// <summary>The failed attempt's exception type, when known.</summary>
    public string? ErrorType { get; init; }

    /// <summary>The failed attempt's message, when known.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The anomaly, for <see cref="NotificationKind.AnomalyDetected"/>.</summary>
    public AnomalyNotice? Anomaly { get; init; }

    /// <summary>A one-line human summary: the e-mail subject and the webhook's <c>summary</c>.</summary>
    public string Summary => Kind switch
    {
        NotificationKind.JobFailed => $"Job {JobId} ({JobType}) failed{AttemptText}{ErrorText}",
        NotificationKind.JobDeadLettered => $"Job {JobId} ({JobType}) dead-lettered{AttemptText}{ErrorText}",
        NotificationKind.AnomalyDetected => $"Anomaly in {Anomaly?.Series}: value {Anomaly?.Value:G6}, score {Anomaly?.Score:G3}{(Anomaly?.Message is { } m ? $": {m}" : "")}",
        _ => Kind.ToString(),
    };

    private string AttemptText => Attempt is { } attempt ? $" on attempt {attempt}" : "";

    private string ErrorText => ErrorMessage is { Length: > 0 } message ? $": {Truncate(message, 200)}" : "";

    private static string Truncate(string text, int length) => text.Length <= length ? text : string.Concat(text.AsSpan(0, length), "…");
}

/// <summary>A detected anomaly, as anomaly detection reports it through <see cref="INotificationPublisher.PublishAnomaly"/>.</summary>
/// <param name="Series">The metric series, e.g. <c>duration:etl</c>.</param>
/// <param name="PointAt">The time of the flagged point, when the series has times.</param>
/// <param name="Value">The flagged value.</param>
/// <param name="Score">How unusual it is (e.g. the z-score of its residual).</param>
/// <param name="JobType">The job type the series belongs to, if any (channels' job-type filters match on it).</param>
/// <param name="Expected">The value the model expected, when it has one.</param>
/// <param name="Message">A short explanation, e.g. the method and threshold.</param>
public sealed record AnomalyNotice(string Series, DateTimeOffset? PointAt, double Value, double Score, string? JobType = null, double? Expected = null, string? Message = null);
