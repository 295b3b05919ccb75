using System.Globalization;
using System.Text.Json;
using Jobs.Handlers;
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
    /// SQLite (<c>scheduler.db</c> in <c>Storage:DataDirectory</c>, or <c>ConnectionStrings:Scheduler</c>) driven by the
    /// registered <see cref="TimeProvider"/>, the default schedules on first start, and placeholder handlers for
    /// default job types that nothing else registered.
    /// </summary>
    /// <remarks>
    /// Call after <c>AddJobEngine()</c>. A placeholder stands in only for a default job type that no real handler is
    /// registered for, whether that handler is registered before or after this call. Settings: the <c>Scheduling</c> section and the
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
        AddPlaceholderHandlers(services);

        // Quartz takes its clock when configured; hand it the same instance the engine uses (a test's fake one too).
        var time = services.LastOrDefault(s => s.ServiceType == typeof(TimeProvider))?.ImplementationInstance as TimeProvider ?? TimeProvider.System;
        var misfireThreshold = configuration.GetValue<TimeSpan?>($"{JobSchedulingOptions.SectionName}:{nameof(JobSchedulingOptions.MisfireThreshold)}") ?? TimeSpan.FromMinutes(1);
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
            store.Configure(q, misfireThreshold < TimeSpan.FromSeconds(1) ? TimeSpan.FromMinutes(1) : misfireThreshold);
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

    private static void AddPlaceholderHandlers(IServiceCollection services)
    {
        var registered = services
            .Where(s => s.ServiceType == typeof(JobTypeDescriptor) && s.ImplementationInstance is JobTypeDescriptor)
            .Select(s => ((JobTypeDescriptor)s.ImplementationInstance!).Name)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var name in DefaultSchedules.JobTypes.Where(n => !registered.Contains(n)))
        {
            services.TryAddScoped<PlaceholderJobHandler>();
            services.AddSingleton(new JobTypeDescriptor(name, typeof(PlaceholderJobHandler), typeof(JsonElement), null));
        }

        // A real handler registered after this call would clash with its placeholder ("registered twice") at start:
        // build the registry without placeholders that a real handler of the same name shadows.
        if (services.Any(s => s.ServiceType == typeof(JobTypeRegistry)))
        {
            services.Replace(ServiceDescriptor.Singleton(sp => new JobTypeRegistry(WithoutShadowedPlaceholders(sp.GetServices<JobTypeDescriptor>()))));
        }
    }

    private static List<JobTypeDescriptor> WithoutShadowedPlaceholders(IEnumerable<JobTypeDescriptor> descriptors)
    {
        var all = descriptors.ToList();
        var real = all.Where(d => d.HandlerType != typeof(PlaceholderJobHandler)).Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        return [.. all.Where(d => d.HandlerType != typeof(PlaceholderJobHandler) || !real.Contains(d.Name))];
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
