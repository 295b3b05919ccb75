using System.Security.Cryptography;
using System.Text;

namespace Jobs.Notifications;

/// <summary>The <c>X-Jobs-Signature</c> header: <c>sha256=</c> and the lower-case hex HMAC-SHA256 of the raw body with the channel's secret.</summary>
/// <remarks>A receiver recomputes it over the bytes it received and compares in constant time before trusting the body.</remarks>
public static class WebhookSignature
{
    /// <summary>The header name.</summary>
    public const string HeaderName = "X-Jobs-Signature";

    private const string Prefix = "sha256=";

    /// <summary>The header value for <paramref name="body"/>.</summary>
    public static string Compute(string secret, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
    }

    /// <summary>Whether <paramref name="header"/> is the valid signature of <paramref name="body"/> (constant-time comparison).</summary>
    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? header)
    {
        if (header is null)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(secret, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(header));
    }
}
