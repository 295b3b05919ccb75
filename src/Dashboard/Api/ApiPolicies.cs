using Microsoft.AspNetCore.Authorization;

namespace Jobs.Dashboard.Api;

/// <summary>The authorization policies every API route names: <see cref="Viewer"/>, <see cref="Operator"/>, <see cref="Admin"/>.</summary>
/// <remarks>
/// <para>Every endpoint carries <c>.RequireAuthorization(ApiPolicies.X)</c> from the start, so roles are a matter of
/// defining these three policies, not of revisiting each route. Viewer reads everything; Operator also enqueues,
/// cancels, retries, deletes and purges; Admin also manages schedules, users and keys.</para>
/// <para>Until sign-in lands (the <c>auth</c> branch), <see cref="AddApiPolicies"/> registers each policy as
/// allow-all, but only where no other registration defined it: it runs as a <c>PostConfigure</c>, after every
/// <c>AddAuthorization(o =&gt; o.AddPolicy(...))</c>, so the auth code's real policies win without touching this class.</para>
/// </remarks>
internal static class ApiPolicies
{
    /// <summary>Reads jobs, the dead-letter queue, metrics and job types.</summary>
    public const string Viewer = "Viewer";

    /// <summary>Also enqueues, cancels, retries, deletes, and retries or purges the dead-letter queue.</summary>
    public const string Operator = "Operator";

    /// <summary>Also edits schedules and manages users and API keys.</summary>
    public const string Admin = "Admin";

    /// <summary>The three policy names.</summary>
    public static IReadOnlyList<string> All { get; } = [Viewer, Operator, Admin];

    /// <summary>Adds authorization and, for each policy nobody else defined, an allow-all placeholder.</summary>
    public static IServiceCollection AddApiPolicies(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddAuthorization();
        services.PostConfigure<AuthorizationOptions>(options =>
        {
            foreach (var name in All)
            {
                if (options.GetPolicy(name) is null)
                {
                    options.AddPolicy(name, policy => policy.RequireAssertion(_ => true));
                }
            }
        });
        return services;
    }
}
