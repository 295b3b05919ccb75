using System.Security.Claims;

namespace Jobs.Dashboard.Auth;

/// <summary>
/// REST endpoints for what only an admin manages (API keys, users) and for reading the audit log:
/// <c>/api/apikeys</c>, <c>/api/users</c>, <c>/api/audit</c>.
/// </summary>
/// <remarks>
/// Bad input answers 400 problem details with a field-level <c>errors</c> map; an unknown name 404. A created key
/// is in the 201 response only; no endpoint returns it again.
/// </remarks>
internal static class AuthApiEndpoints
{
    /// <summary>Maps the endpoints: keys and users need <see cref="AuthPolicies.Admin"/>, the audit log <see cref="AuthPolicies.Viewer"/>.</summary>
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        var keys = endpoints.MapGroup("/api/apikeys").RequireAuthorization(AuthPolicies.Admin).WithTags("API keys");
        keys.MapGet("", async (ApiKeyService service, CancellationToken ct) => Results.Ok(await service.ListAsync(ct)));
        keys.MapPost("", CreateKeyAsync);
        keys.MapDelete("/{name}", async (string name, ApiKeyService service, ClaimsPrincipal user, CancellationToken ct) =>
            await service.RevokeAsync(name, AuditActor.Of(user), ct)
                ? Results.NoContent()
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No active API key named '{name}'."));

        var users = endpoints.MapGroup("/api/users").RequireAuthorization(AuthPolicies.Admin).WithTags("Users");
        users.MapGet("", async (UserAdministration service, CancellationToken ct) => Results.Ok(await service.ListAsync(ct)));
        users.MapPost("", CreateUserAsync);
        users.MapDelete("/{name}", async (string name, UserAdministration service, ClaimsPrincipal user, CancellationToken ct) =>
            await service.RemoveAsync(name, AuditActor.Of(user), ct)
                ? Results.NoContent()
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No user named '{name}'."));

        endpoints.MapGet("/api/audit", ListAuditAsync).RequireAuthorization(AuthPolicies.Viewer).WithTags("Audit");
        return endpoints;
    }

    private static async Task<IResult> CreateKeyAsync(CreateApiKeyRequest request, ApiKeyService service, ClaimsPrincipal user, CancellationToken ct)
    {
        try
        {
            var created = await service.CreateAsync(request.Name ?? "", request.Role ?? "", AuditActor.Of(user), ct);
            return Results.Created($"/api/apikeys/{Uri.EscapeDataString(created.Info.Name)}",
                new CreatedApiKeyResponse(created.Info.Name, created.Info.Role, created.Info.KeyId, created.Key));
        }
        catch (ApiKeyException ex)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { [ex.Field] = [ex.Message] });
        }
    }

    private static async Task<IResult> CreateUserAsync(CreateUserRequest request, UserAdministration service, ClaimsPrincipal user, CancellationToken ct)
    {
        try
        {
            await service.CreateAsync(request.UserName ?? "", request.Role ?? "", request.Password ?? "", AuditActor.Of(user), ct);
            return Results.Created($"/api/users/{Uri.EscapeDataString(request.UserName!.Trim())}", new { userName = request.UserName.Trim(), role = JobsRoles.Parse(request.Role) });
        }
        catch (UserAdministrationException ex)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { [ex.Field] = [ex.Message] });
        }
    }

    private static async Task<IResult> ListAuditAsync(IAuditLog audit, string? targetType, string? targetId, int? limit, CancellationToken ct)
    {
        var take = limit ?? 100;
        var errors = new Dictionary<string, string[]>();
        if (take is < 1 or > AuditLog.MaxLimit)
        {
            errors["limit"] = [$"limit must be from 1 to {AuditLog.MaxLimit}."];
        }

        if (string.IsNullOrWhiteSpace(targetType) != string.IsNullOrWhiteSpace(targetId))
        {
            errors[string.IsNullOrWhiteSpace(targetType) ? "targetType" : "targetId"] = ["targetType and targetId go together (e.g. targetType=job&targetId=42)."];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        return Results.Ok(string.IsNullOrWhiteSpace(targetType)
            ? await audit.ListRecentAsync(take, ct)
            : await audit.ListForTargetAsync(targetType, targetId!, take, ct));
    }

    /// <summary>The body of <c>POST /api/apikeys</c>.</summary>
    internal sealed record CreateApiKeyRequest(string? Name, string? Role);

    /// <summary>The 201 body: the only time the key is shown.</summary>
    internal sealed record CreatedApiKeyResponse(string Name, string Role, string KeyId, string Key);

    /// <summary>The body of <c>POST /api/users</c>.</summary>
    internal sealed record CreateUserRequest(string? UserName, string? Role, string? Password);
}
