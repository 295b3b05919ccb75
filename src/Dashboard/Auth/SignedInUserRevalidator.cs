using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Jobs.Dashboard.Auth;

/// <summary>
/// The authentication state of a Blazor Server circuit, re-checked every minute: a removed user, a changed role or
/// password (new security stamp), or a revoked API key ends the circuit's sign-in instead of lasting as long as the tab.
/// </summary>
/// <remarks>
/// Cookie sign-in is checked again on each HTTP request anyway (every minute, see <c>SecurityStampValidatorOptions</c>);
/// a circuit is one long-lived connection that never sends the cookie again, hence this.
/// </remarks>
internal sealed class SignedInUserRevalidator(ILoggerFactory loggers, IServiceScopeFactory scopes, IOptions<IdentityOptions> identity)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authenticationState);
        await using var scope = scopes.CreateAsyncScope();
        return await IsStillValidAsync(authenticationState.User, scope.ServiceProvider, identity.Value, cancellationToken);
    }

    /// <summary>Whether <paramref name="principal"/> still stands for an existing user with the same security stamp, or an unrevoked key.</summary>
    public static async Task<bool> IsStillValidAsync(ClaimsPrincipal principal, IServiceProvider scoped, IdentityOptions identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(scoped);
        ArgumentNullException.ThrowIfNull(identity);
        switch (principal.Identity?.AuthenticationType)
        {
            case LocalDevelopmentAuthenticationHandler.SchemeName:
                return true;
            case ApiKeyAuthenticationHandler.SchemeName:
                var keyId = principal.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim);
                var keys = await scoped.GetRequiredService<ApiKeyService>().ListAsync(cancellationToken);
                return keys.Any(k => k.KeyId == keyId && k.IsActive);
        }

        var users = scoped.GetRequiredService<UserManager<IdentityUser>>();
        var user = await users.GetUserAsync(principal);
        if (user is null)
        {
            return false;
        }

        if (!users.SupportsUserSecurityStamp)
        {
            return true;
        }

        return principal.FindFirstValue(identity.ClaimsIdentity.SecurityStampClaimType) == await users.GetSecurityStampAsync(user);
    }
}
