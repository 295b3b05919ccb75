using System.Net;

namespace Jobs.Dashboard.Auth;

/// <summary>Whether a request came from this machine.</summary>
internal static class LoopbackRequest
{
    /// <summary>True only when the remote address is known and loopback (an in-memory test server has none: false).</summary>
    public static bool IsLocal(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Connection.RemoteIpAddress is { } remote
            && IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);
    }
}
