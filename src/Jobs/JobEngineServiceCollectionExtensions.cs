using Jobs.Client;
using Jobs.Configuration;
using Jobs.Events;
using Jobs.Handlers;
using Jobs.Maintenance;
using Jobs.Processing;
using Jobs.Storage;
using Jobs.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Jobs;

/// <summary>The engine's one registration entry point.</summary>
public static class JobEngineServiceCollectionExtensions
{
    /// <summary>
    /// Adds the job engine: the durable store (SQLite under <c>Storage:DataDirectory</c>), the worker pool,
    /// the client and queries, the event stream, retention, and the built-in <c>cleanup</c> job type.
    /// </summary>
    /// <remarks>Settings come from the <c>JobEngine</c> and <c>Storage</c> sections and <c>ConnectionStrings:Jobs</c>; invalid ones stop start-up with a message naming the key.</remarks>
    public static JobEngineBuilder AddJobEngine(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<JobEngineOptions>().BindConfiguration(JobEngineOptions.SectionName).ValidateOnStart();
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName)
            .Configure(o => o.ConnectionString ??= builder.Configuration.GetConnectionString("Jobs"))
            .ValidateOnStart();
        services.AddOptions<JobEventStreamOptions>();
        services.AddSingleton<IValidateOptions<JobEngineOptions>, JobEngineOptionsValidator>();
        services.AddSingleton<IValidateOptions<StorageOptions>, JobEngineOptionsValidator>();

        services.AddSingleton<NodeIdentity>();
        services.AddSingleton(sp => new JobTypeRegistry(sp.GetServices<JobTypeDescriptor>()));
        services.AddSingleton<IJobEventStream, JobEventStream>();
        services.AddSingleton<SqliteJobStore>();
        services.AddSingleton<IJobStore>(sp => sp.GetRequiredService<SqliteJobStore>());
        services.AddSingleton(sp => sp.GetRequiredService<IJobStore>().Queries);
        services.AddSingleton<JobDispatcher>();
        services.AddSingleton<RunningJobRegistry>();
        services.AddSingleton<JobExecutor>();
        services.AddSingleton<JobWorkerPool>();
        services.AddSingleton<IWorkerPoolStatus>(sp => sp.GetRequiredService<JobWorkerPool>());
        services.AddSingleton<JobClaimer>();
        services.AddSingleton<LeaseKeeper>();
        services.AddSingleton<ProgressFlusher>();
        services.AddSingleton<RetentionScheduler>();
        services.AddSingleton<JobRequestValidator>();
        services.AddSingleton<IJobClient, JobClient>();
        services.AddSingleton(sp => new JobEngineHealthCheck(sp.GetRequiredService<IJobStore>(), sp.GetRequiredService<JobWorkerPool>()));
        services.AddHostedService<JobEngineHost>();

        return new JobEngineBuilder(services).AddHandler<CleanupJob>(CleanupJob.TypeName);
    }
}
