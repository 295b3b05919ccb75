using System.Net;
using System.Net.Http.Headers;

namespace Jobs.Notifications;

/// <summary>POSTs a notification as signed JSON.</summary>
internal sealed class WebhookChannel(string name, WebhookChannelOptions options, HttpClient http, TimeProvider time) : INotificationChannel
{
    /// <summary>The event kind, so receivers can route without parsing the body.</summary>
    public const string EventHeader = "X-Jobs-Event";

    /// <summary>The notification id: the same on every retry, so receivers can drop duplicates.</summary>
    public const string DeliveryHeader = "X-Jobs-Delivery";

    public string Name { get; } = name;

    public NotificationChannelOptions Options => options;

    public async Task SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        var body = NotificationJson.Serialize(notification);
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Url)
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Compute(options.Secret!, body));
        request.Headers.Add(EventHeader, notification.Kind.ToString());
        request.Headers.Add(DeliveryHeader, notification.Id.ToString());

        using var timeout = new CancellationTokenSource(options.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new NotificationDeliveryException($"no answer within {options.Timeout}", permanent: false);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            var status = response.StatusCode;
            // 4xx means the receiver refuses this request as it is; only "try later" answers are worth repeating.
            var permanent = (int)status is >= 400 and < 500 && status is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);
            throw new NotificationDeliveryException($"the receiver answered {(int)status} {response.ReasonPhrase}", permanent);
        }
    }
}
