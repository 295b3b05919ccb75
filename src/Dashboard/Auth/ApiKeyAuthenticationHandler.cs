using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Jobs.Dashboard.Auth;

/// <summary>Signs a request in as an API key sent as <c>Authorization: Bearer &lt;key&gt;</c> or <c>x-api-key: &lt;key&gt;</c>.</summary>
/// <remarks>
/// SignalR clients that cannot set headers (browsers on WebSockets) send the key as the <c>access_token</c> query
/// parameter; that is accepted only on hub paths (<c>/hubs/…</c>) so keys don't end up in ordinary URLs and logs.
/// The principal's name is <c>apikey:&lt;name&gt;</c> and it carries the key's role, so the same policies apply.
/// </remarks>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyService keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>The header the seed's admin trigger also uses.</summary>
    public const string HeaderName = "x-api-key";

    /// <summary>Claim carrying the key's public id.</summary>
    public const string KeyIdClaim = "jobs:api_key_id";

    private const string BearerPrefix = "Bearer ";

    /// <summary>Whether the request carries an API key at all (the policy scheme uses this to pick this handler).</summary>
    public static bool HasKey(HttpRequest request) => ReadKey(request) is not null;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = ReadKey(Request);
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }

        var key = await keys.AuthenticateAsync(presented, Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("Invalid or revoked API key.");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, $"apikey:{key.Name}"),
                new Claim(ClaimTypes.Role, key.Role),
                new Claim(KeyIdClaim, key.KeyId),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.Append(HeaderNames.WWWAuthenticate, "Bearer");
        return Task.CompletedTask;
    }

    private static string? ReadKey(HttpRequest request)
    {
        if (request.Headers[HeaderName] is [{ Length: > 0 } fromHeader])
        {
            return fromHeader.Trim();
        }

        if (request.Headers.Authorization is [{ } authorization]
            && authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return authorization[BearerPrefix.Length..].Trim();
        }

        if (request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase)
            && request.Query["access_token"] is [{ Length: > 0 } fromQuery])
        {
            return fromQuery;
        }

        return null;
    }
}
