using Microsoft.AspNetCore.Authorization;

namespace Jobs.Dashboard.Auth;

/// <summary>The authorization policies endpoints, hubs and pages name: one per role, each met by that role or a higher one.</summary>
/// <remarks>
/// Apply with <c>.RequireAuthorization(AuthPolicies.Operator)</c> on an endpoint or group,
/// <c>[Authorize(Policy = AuthPolicies.Operator)]</c> on a hub, hub method or page, or
/// <c>&lt;AuthorizeView Policy="Operator"&gt;</c> around a button. Everything without a policy still needs
/// <see cref="Viewer"/> (the fallback policy), except endpoints marked <c>AllowAnonymous</c>.
/// </remarks>
internal static class AuthPolicies
{
    /// <summary>Read access: viewer, operator or admin.</summary>
    public const string Viewer = "Viewer";

    /// <summary>Enqueue, cancel, retry, trigger, purge the dead-letter queue: operator or admin.</summary>
    public const string Operator = "Operator";

    /// <summary>Edit schedules, manage users and API keys: admin only.</summary>
    public const string Admin = "Admin";

    /// <summary>Adds the three policies and makes <see cref="Viewer"/> the fallback for endpoints that name none.</summary>
    public static AuthorizationBuilder AddJobsPolicies(this AuthorizationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var viewer = Build(JobsRoles.Viewer);
        return builder
            .AddPolicy(Viewer, viewer)
            .AddPolicy(Operator, Build(JobsRoles.Operator))
            .AddPolicy(Admin, Build(JobsRoles.Admin))
            .SetFallbackPolicy(viewer);
    }

    private static AuthorizationPolicy Build(string role) =>
        new AuthorizationPolicyBuilder()
            .RequireAuthenticatedUser()
            .RequireRole(JobsRoles.AtLeast(role))
            .Build();
}
