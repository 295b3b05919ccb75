using System.CommandLine;
using Jobs.Dashboard.Api.JobTypes;
using Jobs.Dashboard.Auth;
using Jobs.Dashboard.Hosting;
using Jobs.Scheduling;
using Jobs.Scheduling.Configuration;

namespace Jobs.Dashboard.Cli;

/// <summary>The CLI's root command: every verb group, and the engine they share.</summary>
internal static class CliRootCommand
{
    /// <summary>Builds the root command over <paramref name="engine"/>.</summary>
    public static RootCommand Create(CliEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var root = new RootCommand(
            "Jobs: a self-hosted background-job platform. With no verb this program serves the dashboard and API; "
            + "with a verb it works on the store directly (the server may be running or not) and exits "
            + "0 on success, 1 when the action failed, 2 for bad usage or input.");
        root.Options.Add(CliOptions.Json);
        root.Options.Add(CliOptions.DataDirectory);

        // One line per verb group.
        Command[] verbs =
        [
            JobsCommand.Create(engine),
            DeadLetterCommand.Create(engine),
            SchedulesCommand.Create(engine),
            PipelinesCommand.Create(engine),
            AnomaliesCommand.Create(),
            UsersCommand.Create(engine.StartAsync, Console.In, CliOptions.Json),
            ApiKeysCommand.Create(engine.StartAsync, CliOptions.Json),
        ];
        foreach (var verb in verbs)
        {
            root.Subcommands.Add(verb);
        }

        return root;
    }

    /// <summary>What the CLI's host registers beyond configuration: the engine and the services verbs resolve.</summary>
    /// <remarks>Verb groups that need more (the scheduler, the user store) add their registration here.</remarks>
    public static void ConfigureHost(HostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddJobEngine().AddDashboardJobTypes();
        builder.Services.AddSingleton<JobTypeCatalog>();
        builder.Services.AddJobsAuthStore();

        // The CLI edits schedules in Quartz's store but never fires them: a running server does that.
        builder.Configuration.AddInMemoryCollection([new($"{JobSchedulingOptions.SectionName}:{nameof(JobSchedulingOptions.RunScheduler)}", "false")]);
        builder.AddScheduling();
    }
}
