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
    /// <param name="configuration">The app's configuration (data directory, connection string).</param>
    /// <param name="input">Where <c>--password-stdin</c> reads from (<see cref="Console.In"/> in the app).</param>
    public static Command Create(IConfiguration configuration, TextReader input)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(input);
        var users = new Command("users", "Manage dashboard users (each has one role: viewer, operator or admin).");
        users.Subcommands.Add(CreateAdd(configuration, input));
        users.Subcommands.Add(CreateList(configuration));
        users.Subcommands.Add(CreateRemove(configuration));
        return users;
    }

    private static Command CreateAdd(IConfiguration configuration, TextReader input)
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
                return await CliExit.BadInputAsync(error, $"--role must be one of {string.Join(", ", JobsRoles.All)}.");
            }

            if (!parse.GetValue(passwordStdin))
            {
                return await CliExit.BadInputAsync(error, "Pass the password on standard input with --password-stdin; it is never taken from the command line.");
            }

            var password = await input.ReadLineAsync(cancellationToken);
            if (string.IsNullOrEmpty(password))
            {
                return await CliExit.BadInputAsync(error, "No password on standard input.");
            }

            await using var services = await AuthCliServices.StartAsync(configuration, cancellationToken);
            await using var scope = services.CreateAsyncScope();
            try
            {
                await scope.ServiceProvider.GetRequiredService<UserAdministration>()
                    .CreateAsync(parse.GetValue(name)!, storedRole, password, AuditActor.Cli, cancellationToken);
            }
            catch (UserAdministrationException ex)
            {
                return await CliExit.BadInputAsync(error, ex.Message);
            }

            await parse.InvocationConfiguration.Output.WriteLineAsync($"User '{parse.GetValue(name)!.Trim()}' added with role {storedRole}.");
            return CliExit.Ok;
        });
        return add;
    }

    private static Command CreateList(IConfiguration configuration)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var list = new Command("list", "List users and their roles.") { json };
        list.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = await AuthCliServices.StartAsync(configuration, cancellationToken);
            await using var scope = services.CreateAsyncScope();
            var all = await scope.ServiceProvider.GetRequiredService<UserAdministration>().ListAsync(cancellationToken);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(all, Json));
                return CliExit.Ok;
            }

            foreach (var user in all)
            {
                await output.WriteLineAsync($"{user.UserName}\t{user.Role}");
            }

            return CliExit.Ok;
        });
        return list;
    }

    private static Command CreateRemove(IConfiguration configuration)
    {
        var name = new Argument<string>("name") { Description = "The user to remove." };
        var remove = new Command("remove", "Remove a user; their sign-in stops working within a minute.") { name };
        remove.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = await AuthCliServices.StartAsync(configuration, cancellationToken);
            await using var scope = services.CreateAsyncScope();
            var userName = parse.GetValue(name)!;
            if (!await scope.ServiceProvider.GetRequiredService<UserAdministration>().RemoveAsync(userName, AuditActor.Cli, cancellationToken))
            {
                return await CliExit.BadInputAsync(parse.InvocationConfiguration.Error, $"No user named '{userName}'.");
            }

            await parse.InvocationConfiguration.Output.WriteLineAsync($"User '{userName}' removed.");
            return CliExit.Ok;
        });
        return remove;
    }
}
