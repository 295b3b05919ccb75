using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Jobs.Dashboard.Auth;

/// <summary>With <c>Auth:Enabled=false</c>, signs every request in as the local admin <c>local</c>.</summary>
/// <remarks>
/// Keeping the same policies with an always-admin principal (instead of removing authorization) means endpoints,
/// hubs and pages need no second code path, and the audit log still names an actor. The server refuses to start
/// like this on a non-loopback address (see <see cref="OpenNetworkGuard"/>).
/// </remarks>
internal sealed class LocalDevelopmentAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "LocalDevelopment";

    /// <summary>The actor name changes are recorded under.</summary>
    public const string UserName = "local";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, UserName), new Claim(ClaimTypes.Role, JobsRoles.Admin)],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
