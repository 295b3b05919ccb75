using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Jobs.Dashboard.Auth;

/// <summary>Refuses to run an open dashboard (sign-in off) on an address other hosts can reach, unless explicitly allowed.</summary>
/// <remarks>
/// The listening addresses are known only once the server has bound them, so the check runs right after start and
/// stops start-up with a configuration error; until then <see cref="RefuseNonLoopbackRequests"/> turns away any
/// request that did not arrive on a loopback address, so there is no moment in which the dashboard is open.
/// </remarks>
internal sealed class OpenNetworkGuard(IServer server, IOptions<AuthOptions> options) : IHostedLifecycleService
{
    private readonly AuthOptions _options = options.Value;

    /// <summary>Whether requests from the network must be refused: sign-in is off and no override is set.</summary>
    public static bool MustStayLocal(AuthOptions options) => !options.Enabled && !options.AllowOpenNetworkAccess;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (!MustStayLocal(_options))
        {
            return Task.CompletedTask;
        }

        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var open = addresses.FirstOrDefault(a => !IsLoopback(a));
        if (open is not null)
        {
            throw new OptionsValidationException(AuthOptions.SectionName, typeof(AuthOptions),
            [
                $"Auth:Enabled is false but the server listens on {open}, which is not a loopback address; turn sign-in on, listen on localhost only, or set Auth:AllowOpenNetworkAccess=true to run open on the network anyway.",
            ]);
        }

        return Task.CompletedTask;
    }

    /// <summary>Middleware for the window before <see cref="StartedAsync"/>: a 403 for requests that reached a non-loopback address.</summary>
    public static async Task RefuseNonLoopbackRequests(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var options = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value;
        if (MustStayLocal(options) && context.Connection.LocalIpAddress is { } local && !IsLoopback(local))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync("Sign-in is off (Auth:Enabled=false): only loopback connections are served.", context.RequestAborted);
            return;
        }

        await next(context);
    }

    /// <summary>Whether a server address (<c>http://127.0.0.1:5080</c>, <c>http://localhost:5080</c>, <c>http://[::]:5080</c>) is loopback only.</summary>
    public static bool IsLoopback(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        // Kestrel accepts "*" and "+" as wildcards, which Uri does not parse as hosts.
        var normalized = address.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri))
        {
            return false;
        }

        if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IsLoopback(ip);
    }

    private static bool IsLoopback(IPAddress address) =>
        IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
