using System.Globalization;
using Jobs.Scheduling.Configuration;
using Jobs.Scheduling.Defaults;
using Jobs.Scheduling.Execution;
using Jobs.Scheduling.Services;
using Jobs.Scheduling.Triggers;
using Jobs.Scheduling.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Quartz;

namespace Jobs.Scheduling;

/// <summary>The scheduler's one registration entry point.</summary>
public static class SchedulingServiceCollectionExtensions
{
    /// <summary>
    /// Adds persistent Quartz schedules that enqueue into the engine: the <see cref="IScheduleService"/>, Quartz on
    /// SQLite (<c>scheduler.db</c> in <c>Storage:DataDirectory</c>), or clustered on the engine's PostgreSQL database (or <c>ConnectionStrings:Scheduler</c>), driven by the
    /// registered <see cref="TimeProvider"/>, and the default schedules on first start.
    /// </summary>
    /// <remarks>
    /// Call after <c>AddJobEngine()</c>. A default schedule whose job type is not registered is not created (a warning
    /// names it): the host registers the built-in job types behind them. Settings: the <c>Scheduling</c> section and the
    /// environment variables <c>ETL_INTERVAL_MINUTES</c>, <c>HEATMAP_INTERVAL_MINUTES</c>, <c>HEATMAP_LEVELS</c>.
    /// </remarks>
    public static IHostApplicationBuilder AddScheduling(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddOptions<JobSchedulingOptions>().BindConfiguration(JobSchedulingOptions.SectionName)
            .PostConfigure(o => ApplyEnvironmentOverrides(o.Defaults, configuration))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<JobSchedulingOptions>, JobSchedulingOptionsValidator>();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ScheduleTriggerFactory>();
        services.AddSingleton<ScheduleValidator>();
        services.AddSingleton<ScheduleRunEnqueuer>();
        services.AddSingleton<IScheduleService, ScheduleService>();
        services.AddTransient<ScheduleRunQuartzJob>();

        // Quartz takes its clock when configured; hand it the same instance the engine uses (a test's fake one too).
        var time = services.LastOrDefault(s => s.ServiceType == typeof(TimeProvider))?.ImplementationInstance as TimeProvider ?? TimeProvider.System;
        var misfireThreshold = configuration.GetValue<TimeSpan?>($"{JobSchedulingOptions.SectionName}:{nameof(JobSchedulingOptions.MisfireThreshold)}") ?? TimeSpan.FromMinutes(1);
        var checkin = configuration.GetValue<TimeSpan?>($"{JobSchedulingOptions.SectionName}:{nameof(JobSchedulingOptions.ClusterCheckinInterval)}") ?? SchedulerStoreSettings.DefaultCheckinInterval;
        var store = SchedulerStoreSettings.From(configuration);
        store.EnsureDirectory();
        services.AddQuartz(q =>
        {
            q.UseTimeProvider(time);
            // A fire only enqueues (milliseconds), so a few threads serve many schedules.
            q.UseDefaultThreadPool(4);
            // With nothing due, Quartz re-reads its store after this wait (default 30 s). Another process (the CLI) writes
            // schedules into the same store without signalling this one, so a short wait is what lets a running server
            // fire a schedule added or resumed elsewhere within a second. One second is Quartz's minimum.
            q.ConfigureScheduler(o => o.IdleWaitTime = TimeSpan.FromSeconds(1));
            store.Configure(q, misfireThreshold < TimeSpan.FromSeconds(1) ? TimeSpan.FromMinutes(1) : misfireThreshold,
                checkin < TimeSpan.FromMilliseconds(500) ? SchedulerStoreSettings.DefaultCheckinInterval : checkin);
        });

        // Defaults first (StartAsync), then Quartz starts firing.
        services.AddHostedService<DefaultScheduleSeeder>();
        var run = configuration.GetValue<bool?>($"{JobSchedulingOptions.SectionName}:{nameof(JobSchedulingOptions.RunScheduler)}") ?? true;
        services.AddQuartzHostedService(o =>
        {
            o.WaitForJobsToComplete = true;
            o.AutoStart = run;
        });
        return builder;
    }

    // The seed project's variables win over appsettings; an unreadable value becomes 0 so validation names it.
    private static void ApplyEnvironmentOverrides(DefaultSchedulesOptions defaults, IConfiguration configuration)
    {
        if (configuration[JobSchedulingOptionsValidator.EtlIntervalVariable] is { } etl)
        {
            defaults.EtlIntervalMinutes = int.TryParse(etl, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;
        }

        if (configuration[JobSchedulingOptionsValidator.HeatmapIntervalVariable] is { } heatmap)
        {
            defaults.HeatmapIntervalMinutes = int.TryParse(heatmap, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;
        }

        if (configuration[JobSchedulingOptionsValidator.HeatmapLevelsVariable] is { } levels)
        {
            defaults.HeatmapLevels = levels;
        }
    }
}
