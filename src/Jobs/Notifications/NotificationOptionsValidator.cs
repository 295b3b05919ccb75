using Microsoft.Extensions.Options;
using MimeKit;

namespace Jobs.Notifications;

/// <summary>Checks the <c>Notifications</c> section at start, naming each bad key.</summary>
internal sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        const string section = NotificationOptions.SectionName;
        if (options.QueueCapacity is < 1 or > 1_000_000)
        {
            failures.Add($"{section}:QueueCapacity must be from 1 to 1000000 (was {options.QueueCapacity}).");
        }

        for (var i = 0; i < options.Webhooks.Count; i++)
        {
            var webhook = options.Webhooks[i];
            var key = $"{section}:Webhooks:{i}";
            if (!Uri.TryCreate(webhook.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                failures.Add($"{key}:Url must be an absolute http or https URL (was '{webhook.Url}').");
            }

            if (string.IsNullOrEmpty(webhook.Secret))
            {
                failures.Add($"{key}:Secret is required: receivers check the X-Jobs-Signature header with it.");
            }

            ValidateCommon(webhook, key, failures);
        }

        for (var i = 0; i < options.Email.Count; i++)
        {
            var email = options.Email[i];
            var key = $"{section}:Email:{i}";
            if (string.IsNullOrWhiteSpace(email.Host))
            {
                failures.Add($"{key}:Host is required.");
            }

            if (email.Port is < 1 or > 65535)
            {
                failures.Add($"{key}:Port must be from 1 to 65535 (was {email.Port}).");
            }

            if (!IsAddress(email.From))
            {
                failures.Add($"{key}:From must be an e-mail address (was '{email.From}').");
            }

            if (email.To.Count == 0)
            {
                failures.Add($"{key}:To needs at least one address.");
            }

            for (var t = 0; t < email.To.Count; t++)
            {
                if (!IsAddress(email.To[t]))
                {
                    failures.Add($"{key}:To:{t} must be an e-mail address (was '{email.To[t]}').");
                }
            }

            ValidateCommon(email, key, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // MimeKit accepts a bare local part ("nobody"); a deliverable address needs a domain.
    private static bool IsAddress(string? text) =>
        MailboxAddress.TryParse(text, out var mailbox) && mailbox.Address.Contains('@', StringComparison.Ordinal);

    private static void ValidateCommon(NotificationChannelOptions channel, string key, List<string> failures)
    {
        if (channel.MaxAttempts is < 1 or > 100)
        {
            failures.Add($"{key}:MaxAttempts must be from 1 to 100 (was {channel.MaxAttempts}).");
        }

        if (channel.RetryDelay < TimeSpan.Zero)
        {
            failures.Add($"{key}:RetryDelay must not be negative (was {channel.RetryDelay}).");
        }

        if (channel.Timeout <= TimeSpan.Zero)
        {
            failures.Add($"{key}:Timeout must be positive (was {channel.Timeout}).");
        }
    }
}
