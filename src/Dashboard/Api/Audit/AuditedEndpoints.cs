using Jobs.Dashboard.Auth;

namespace Jobs.Dashboard.Api.Audit;

/// <summary>The one place the REST API records changes in the audit log: <c>.Audited(action, targetType)</c> on a route.</summary>
/// <remarks>
/// The filter runs after authorization, so the request's principal is the signed-in user (its name), the API key
/// (<c>apikey:&lt;name&gt;</c>) or, with sign-in off, <c>local</c>. It records only answers the endpoint marked as
/// an <see cref="AuditedChange"/>: a refusal (400, 403, 404, 409) or an answer that changed nothing (an enqueue that
/// matched an existing unique key, a purge of nothing) leaves no entry.
/// </remarks>
internal static class AuditedEndpoints
{
    /// <summary>Records <paramref name="action"/> on <paramref name="targetType"/> whenever the endpoint answers with an <see cref="AuditedChange"/>.</summary>
    public static RouteHandlerBuilder Audited(this RouteHandlerBuilder builder, string action, string targetType)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        ArgumentException.ThrowIfNullOrWhiteSpace(targetType);
        return builder
            .WithMetadata(new AuditedActionMetadata(action, targetType))
            .AddEndpointFilter<AuditEndpointFilter>();
    }
}

/// <summary>Endpoint metadata naming what an audited route records; the filter reads it, and tests check every changing route has it.</summary>
/// <param name="Action">The action, from <see cref="AuditActions"/>.</param>
/// <param name="TargetType">The target type, from <see cref="AuditTargets"/>.</param>
internal sealed record AuditedActionMetadata(string Action, string TargetType);

/// <summary>Writes the audit entry for an <see cref="AuditedChange"/> and hands the client the plain answer.</summary>
internal sealed class AuditEndpointFilter(IAuditLog audit) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var result = await next(context);
        if (result is not AuditedChange change)
        {
            return result;
        }

        var http = context.HttpContext;
        var what = http.GetEndpoint()?.Metadata.GetMetadata<AuditedActionMetadata>()
            ?? throw new InvalidOperationException($"The endpoint {http.GetEndpoint()?.DisplayName} has the audit filter but no AuditedActionMetadata; map it with .Audited(...).");
        // Not the request's token: the change is already made, so a client that hangs up now must not erase who made it.
        await audit.RecordAsync(http.User, what.Action, what.TargetType, change.TargetId, change.Details, CancellationToken.None);
        return change.Inner;
    }
}
