using System.Text.Json;
using System.Text.Json.Serialization;

namespace Jobs.Notifications;

/// <summary>The webhook body: the same bytes are signed and sent on every try.</summary>
/// <remarks>
/// Shape: <c>{"id","event","occurredAt","summary","job":{"id","type","queue","attempt","error":{"type","message"}},"anomaly":{…}}</c>;
/// <c>job</c> is null for anomalies not tied to a job, <c>anomaly</c> null for job events.
/// </remarks>
internal static class NotificationJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter() },
    };

    public static byte[] Serialize(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var body = new Body(
            notification.Id,
            notification.Kind,
            notification.OccurredAt,
            notification.Summary,
            notification.JobId is { } id
                ? new JobBody(id, notification.JobType, notification.Queue, notification.Attempt,
                    notification.ErrorType is null && notification.ErrorMessage is null ? null : new ErrorBody(notification.ErrorType, notification.ErrorMessage))
                : null,
            notification.Anomaly);
        return JsonSerializer.SerializeToUtf8Bytes(body, Options);
    }

    private sealed record Body(Guid Id, NotificationKind Event, DateTimeOffset OccurredAt, string Summary, JobBody? Job, AnomalyNotice? Anomaly);

    private sealed record JobBody(long Id, string? Type, string? Queue, int? Attempt, ErrorBody? Error);

    private sealed record ErrorBody(string? Type, string? Message);
}
