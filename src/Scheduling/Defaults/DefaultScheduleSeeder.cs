using Jobs.Scheduling.Configuration;
using Jobs.Scheduling.Execution;
using Jobs.Scheduling.Services;
using Jobs.Scheduling.Triggers;
using Jobs.Scheduling.Validation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace Jobs.Scheduling.Defaults;

/// <summary>Creates the default schedules on the first start only.</summary>
/// <remarks>
/// A marker in Quartz's own store records that the defaults were created, so a user's later edit or deletion of a
/// default is kept across restarts (and the marker moves with the store, also to a future PostgreSQL one). A
/// default whose name a user already took is left alone. Runs in <c>StartAsync</c>: the schedules exist before
/// the host reports started. The interval defaults first fire a few seconds after this first start
/// (<see cref="DefaultSchedulesOptions.FirstRunDelay"/>), not one whole interval later.
/// </remarks>
internal sealed partial class DefaultScheduleSeeder(
    ISchedulerFactory schedulers,
    IScheduleService schedules,
    IOptions<JobSchedulingOptions> options,
    TimeProvider time,
    ILogger<DefaultScheduleSeeder> logger) : IHostedService
{
    /// <summary>The marker's key in the scheduler's bookkeeping group.</summary>
    public static readonly JobKey MarkerKey = new("defaults-seeded", ScheduleKeys.MetaGroup);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Defaults.Enabled)
        {
            return;
        }

        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        if (await scheduler.Exists(MarkerKey, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        foreach (var definition in DefaultSchedules.Create(options.Value.Defaults, time.GetUtcNow()))
        {
            if (await scheduler.Exists(ScheduleKeys.Job(definition.Name), cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            try
            {
                await schedules.CreateAsync(definition, cancellationToken).ConfigureAwait(false);
                LogCreated(definition.Name, definition.Every ?? definition.Cron ?? "");
            }
            catch (ScheduleValidationException ex)
            {
                LogRefused(definition.Name, ex.Message);
            }
        }

        var marker = JobBuilder.Create<ScheduleRunQuartzJob>()
            .WithIdentity(MarkerKey)
            .WithDescription("The default schedules were created; delete this to create the missing ones again on the next start.")
            .StoreDurably(true)
            .Build();
        await scheduler.AddJob(marker, AddJobOptions.Replacing, cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "Created default schedule {Schedule} ({Trigger})")]
    private partial void LogCreated(string schedule, string trigger);

    [LoggerMessage(LogLevel.Warning, "Default schedule {Schedule} was not created: {Reason}")]
    private partial void LogRefused(string schedule, string reason);
}
