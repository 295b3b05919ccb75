using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Jobs.Dashboard.Auth;

namespace Jobs.Dashboard.Cli;

/// <summary>The <c>apikeys</c> verb group: <c>create</c>, <c>list</c>, <c>revoke</c>.</summary>
/// <remarks>A created key is printed once; only its hash is stored, so a lost key is revoked and replaced, never recovered.</remarks>
internal static class ApiKeysCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Builds the group.</summary>
    /// <param name="services">Where verbs get the auth store (the CLI root passes <c>engine.StartAsync</c>).</param>
    /// <param name="json">The root's recursive <c>--json</c> option; when null, <c>create</c> and <c>list</c> declare their own.</param>
    public static Command Create(CliServiceSource services, Option<bool>? json = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var keys = new Command("apikeys", "Manage API keys for the REST API and the SignalR hub.");
        keys.Subcommands.Add(CreateCreate(services, json));
        keys.Subcommands.Add(CreateList(services, json));
        keys.Subcommands.Add(CreateRevoke(services));
        return keys;
    }

    private static Command CreateCreate(CliServiceSource services, Option<bool>? sharedJson)
    {
        var name = new Argument<string>("name") { Description = "A name for the key, e.g. ci-deploy." };
        var role = new Option<string>("--role") { Description = "viewer, operator or admin (required)." };
        var json = sharedJson ?? new Option<bool>("--json") { Description = "Print JSON." };
        var create = new Command("create", "Create a key with a role and print it once.") { name, role };
        AddLocal(create, json, sharedJson);
        create.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (JobsRoles.Parse(parse.GetValue(role)) is not { } storedRole)
            {
                return await CliExitCodes.BadInputAsync(error, $"--role must be one of {string.Join(", ", JobsRoles.All)}.");
            }

            var provider = await services(parse, cancellationToken);
            CreatedApiKey created;
            try
            {
                created = await provider.GetRequiredService<ApiKeyService>().CreateAsync(parse.GetValue(name)!, storedRole, AuditActor.Cli, cancellationToken);
            }
            catch (ApiKeyException ex)
            {
                return await CliExitCodes.BadInputAsync(error, ex.Message);
            }

            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new { created.Info.Name, created.Info.Role, created.Info.KeyId, created.Key }, Json));
                return CliExitCodes.Ok;
            }

            await output.WriteLineAsync($"API key '{created.Info.Name}' created with role {created.Info.Role}. Copy it now; it is not shown again:");
            await output.WriteLineAsync(created.Key);
            return CliExitCodes.Ok;
        });
        return create;
    }

    private static Command CreateList(CliServiceSource services, Option<bool>? sharedJson)
    {
        var json = sharedJson ?? new Option<bool>("--json") { Description = "Print JSON." };
        var list = new Command("list", "List keys (never their secrets) with role, creation, last use and revocation.");
        AddLocal(list, json, sharedJson);
        list.SetAction(async (parse, cancellationToken) =>
        {
            var provider = await services(parse, cancellationToken);
            var all = await provider.GetRequiredService<ApiKeyService>().ListAsync(cancellationToken);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(all, Json));
                return CliExitCodes.Ok;
            }

            foreach (var key in all)
            {
                await output.WriteLineAsync(string.Join('\t',
                    key.Name,
                    key.Role,
                    key.KeyId,
                    $"created {Format(key.CreatedAt)} by {key.CreatedBy}",
                    key.LastUsedAt is { } used ? $"last used {Format(used)}" : "never used",
                    key.RevokedAt is { } revoked ? $"revoked {Format(revoked)}" : "active"));
            }

            return CliExitCodes.Ok;
        });
        return list;
    }

    private static Command CreateRevoke(CliServiceSource services)
    {
        var name = new Argument<string>("name") { Description = "The key to revoke." };
        var revoke = new Command("revoke", "Revoke a key; requests with it are refused from then on.") { name };
        revoke.SetAction(async (parse, cancellationToken) =>
        {
            var provider = await services(parse, cancellationToken);
            var keyName = parse.GetValue(name)!;
            if (!await provider.GetRequiredService<ApiKeyService>().RevokeAsync(keyName, AuditActor.Cli, cancellationToken))
            {
                return await CliExitCodes.FailureAsync(parse.InvocationConfiguration.Error, $"No active API key named '{keyName}'.");
            }

            await parse.InvocationConfiguration.Output.WriteLineAsync($"API key '{keyName}' revoked.");
            return CliExitCodes.Ok;
        });
        return revoke;
    }

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    // The root's --json is recursive and already applies; a standalone group declares its own.
    private static void AddLocal(Command command, Option<bool> json, Option<bool>? sharedJson)
    {
        if (sharedJson is null)
        {
            command.Options.Add(json);
        }
    }
}
