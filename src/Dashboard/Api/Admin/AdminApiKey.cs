using System.Security.Cryptography;
using System.Text;

namespace Jobs.Dashboard.Api.Admin;

/// <summary>Compares a presented key with the configured one in constant time.</summary>
/// <remarks>
/// Both keys are hashed first so the comparison is over equal lengths: <see cref="CryptographicOperations.FixedTimeEquals"/>
/// returns at once on different lengths, which would tell an attacker the key's length.
/// </remarks>
internal static class AdminApiKey
{
    /// <summary>Whether <paramref name="presented"/> is the configured key.</summary>
    public static bool Matches(string configured, string? presented)
    {
        ArgumentException.ThrowIfNullOrEmpty(configured);
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(configured), expected);
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), actual);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
