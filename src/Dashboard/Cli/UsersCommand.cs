using System.CommandLine;
using System.Text.Json;
using Jobs.Dashboard.Auth;

namespace Jobs.Dashboard.Cli;

/// <summary>The <c>users</c> verb group: <c>add</c>, <c>list</c>, <c>remove</c>.</summary>
/// <remarks>
/// <c>users add admin --role admin --password-stdin</c> is how a newcomer creates the first admin on a server that
/// is not reached from localhost. The password is read from standard input only, never from the command line,
/// where it would land in shell history and process lists.
/// </remarks>
internal static class UsersCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Builds the group.</summary>
    /// <param name="services">Where verbs get the auth store (the CLI root passes <c>engine.StartAsync</c>).</param>
    /// <param name="input">Where <c>--password-stdin</c> reads from (<see cref="Console.In"/> in the app).</param>
    /// <param name="json">The root's recursive <c>--json</c> option; when null, <c>list</c> declares its own.</param>
    public static Command Create(CliServiceSource services, TextReader input, Option<bool>? json = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(input);
        var users = new Command("users", "Manage dashboard users (each has one role: viewer, operator or admin).");
        users.Subcommands.Add(CreateAdd(services, input));
        users.Subcommands.Add(CreateList(services, json));
        users.Subcommands.Add(CreateRemove(services));
        return users;
    }

    private static Command CreateAdd(CliServiceSource services, TextReader input)
    {
        var name = new Argument<string>("name") { Description = "The user name to sign in with." };
        var role = new Option<string>("--role") { Description = "viewer, operator or admin (required)." };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input (required)." };
        var add = new Command("add", "Add a user with a role; the password comes from standard input.") { name, role, passwordStdin };
        add.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (JobsRoles.Parse(parse.GetValue(role)) is not { } storedRole)
            {
                return await CliExitCodes.BadInputAsync(error, $"--role must be one of {string.Join(", ", JobsRoles.All)}.");
            }

            if (!parse.GetValue(passwordStdin))
            {
                return await CliExitCodes.BadInputAsync(error, "Pass the password on standard input with --password-stdin; it is never taken from the command line.");
            }

            var password = await input.ReadLineAsync(cancellationToken);
            if (string.IsNullOrEmpty(password))
            {
                return await CliExitCodes.BadInputAsync(error, "No password on standard input.");
            }

            var provider = await services(parse, cancellationToken);
            await using var scope = provider.CreateAsyncScope();
            try
            {
                await scope.ServiceProvider.GetRequiredService<UserAdministration>()
                    .CreateAsync(parse.GetValue(name)!, storedRole, password, AuditActor.Cli, cancellationToken);
            }
            catch (UserAdministrationException ex)
            {
                return await CliExitCodes.BadInputAsync(error, ex.Message);
            }

            await parse.InvocationConfiguration.Output.WriteLineAsync($"User '{parse.GetValue(name)!.Trim()}' added with role {storedRole}.");
            return CliExitCodes.Ok;
        });
        return add;
    }

    private static Command CreateList(CliServiceSource services, Option<bool>? sharedJson)
    {
        var json = sharedJson ?? new Option<bool>("--json") { Description = "Print JSON." };
        var list = new Command("list", "List users and their roles.");
        AddLocal(list, json, sharedJson);
        list.SetAction(async (parse, cancellationToken) =>
        {
            var provider = await services(parse, cancellationToken);
            await using var scope = provider.CreateAsyncScope();
            var all = await scope.ServiceProvider.GetRequiredService<UserAdministration>().ListAsync(cancellationToken);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(all, Json));
                return CliExitCodes.Ok;
            }

            foreach (var user in all)
            {
                await output.WriteLineAsync($"{user.UserName}\t{user.Role}");
            }

            return CliExitCodes.Ok;
        });
        return list;
    }

    private static Command CreateRemove(CliServiceSource services)
    {
        var name = new Argument<string>("name") { Description = "The user to remove." };
        var remove = new Command("remove", "Remove a user; their sign-in stops working within a minute.") { name };
        remove.SetAction(async (parse, cancellationToken) =>
        {
            var provider = await services(parse, cancellationToken);
            await using var scope = provider.CreateAsyncScope();
            var userName = parse.GetValue(name)!;
            if (!await scope.ServiceProvider.GetRequiredService<UserAdministration>().RemoveAsync(userName, AuditActor.Cli, cancellationToken))
            {
                return await CliExitCodes.FailureAsync(parse.InvocationConfiguration.Error, $"No user named '{userName}'.");
            }

            await parse.InvocationConfiguration.Output.WriteLineAsync($"User '{userName}' removed.");
            return CliExitCodes.Ok;
        });
        return remove;
    }

    // The root's --json is recursive and already applies; a standalone group declares its own.
    private static void AddLocal(Command command, Option<bool> json, Option<bool>? sharedJson)
    {
        if (sharedJson is null)
        {
            command.Options.Add(json);
        }
    }
}
