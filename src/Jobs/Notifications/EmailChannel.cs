using MailKit.Net.Smtp;
using MimeKit;

namespace Jobs.Notifications;

/// <summary>Sends a notification as a plain-text e-mail over SMTP with MailKit.</summary>
/// <remarks>One connection per message: notifications are rare, and a held connection would time out between them.</remarks>
internal sealed class EmailChannel(string name, EmailChannelOptions options) : INotificationChannel
{
    public string Name { get; } = name;

    public NotificationChannelOptions Options => options;

    public async Task SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        using var message = Build(notification);
        using var client = new SmtpClient { Timeout = (int)Math.Min(int.MaxValue, options.Timeout.TotalMilliseconds) };
        await client.ConnectAsync(options.Host!, options.Port, options.Security, cancellationToken);
        if (!string.IsNullOrEmpty(options.UserName))
        {
            await client.AuthenticateAsync(options.UserName, options.Password ?? "", cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    private MimeMessage Build(Notification notification)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From!));
        foreach (var to in options.To)
        {
            message.To.Add(MailboxAddress.Parse(to));
        }

        message.Subject = $"[Jobs] {notification.Summary}";
        message.Headers.Add("X-Jobs-Event", notification.Kind.ToString());
        message.Body = new TextPart("plain") { Text = Text(notification) };
        return message;
    }

    private static string Text(Notification n)
    {
        var lines = new List<string> { n.Summary, "", $"Event: {n.Kind}", $"At: {n.OccurredAt:O}" };
        if (n.JobId is { } id)
        {
            lines.Add($"Job: {id} (type {n.JobType}, queue {n.Queue})");
        }

        if (n.Attempt is { } attempt)
        {
            lines.Add($"Attempt: {attempt}");
        }

        if (n.ErrorType is not null || n.ErrorMessage is not null)
        {
            lines.Add($"Error: {n.ErrorType}: {n.ErrorMessage}");
        }

        if (n.Anomaly is { } a)
        {
            lines.Add($"Series: {a.Series}");
            lines.Add($"Point: {a.PointAt:O}  value {a.Value}  expected {a.Expected}  score {a.Score}");
            if (a.Message is not null)
            {
                lines.Add(a.Message);
            }
        }

        lines.Add("");
        lines.Add($"Notification id: {n.Id}");
        return string.Join("\n", lines);
    }
}
