using Jobs.Anomalies;
using Jobs.Client;
using Jobs.Configuration;
using Jobs.Events;
using Jobs.Handlers;
using Jobs.Maintenance;
using Jobs.Metrics;
using Jobs.Notifications;
using Jobs.Processing;
using Jobs.Series;
using Jobs.Storage;
using Jobs.Storage.Postgres;
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
    /// Adds the job engine: the durable store (SQLite under <c>Storage:DataDirectory</c>, or PostgreSQL for a <c>Host=...</c>
    /// <c>ConnectionStrings:Jobs</c> or <c>Storage:Provider=postgres</c>), the worker pool,
    /// the client and queries, the event stream, retention, the series and anomaly stores with the engine's metric
    /// series, the metrics aggregates, process sampling and the <c>Jobs</c> meter, failure notifications (off unless
    /// <c>Notifications:Enabled</c>), and the built-in <c>cleanup</c> and <c>anomaly_detection</c> job types.
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
        if (SelectedProvider(builder.Configuration) == StorageProvider.Postgres)
        {
            // Several nodes: events cross nodes through PostgreSQL notifications, decorating the local stream.
            services.AddSingleton<JobEventStream>();
            services.AddSingleton<PostgresNotifications>();
            services.AddSingleton<IJobEventStream, PostgresEventRelay>();
            services.AddSingleton<PostgresJobStore>();
            services.AddSingleton<IJobStore>(sp => sp.GetRequiredService<PostgresJobStore>());
        }
        else
        {
            services.AddSingleton<IJobEventStream, JobEventStream>();
            services.AddSingleton<SqliteJobStore>();
            services.AddSingleton<IJobStore>(sp => sp.GetRequiredService<SqliteJobStore>());
        }
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
        AddSeriesAndAnomalies(services, SelectedProvider(builder.Configuration));
        services.AddHostedService<JobEngineHost>();
        services.AddJobNotifications();

        return new JobEngineBuilder(services)
            .AddHandler<CleanupJob>(CleanupJob.TypeName)
            .AddHandler<AnomalyDetectionJob>(AnomalyDetectionJob.TypeName);
    }

    /// <summary>Time series (<see cref="ISeriesStore"/>), anomalies (<see cref="IAnomalyStore"/>) and the metric recorder.</summary>
    private static void AddSeriesAndAnomalies(IServiceCollection services, StorageProvider provider)
    {
        services.AddOptions<AnomalyDetectionOptions>().BindConfiguration(AnomalyDetectionOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IConfigureOptions<AnomalyDetectionOptions>, AnomalyEnvironmentOverrides>();
        services.AddSingleton<IValidateOptions<AnomalyDetectionOptions>, AnomalyDetectionOptionsValidator>();
        // Series, anomalies and job aggregates live in the engine's database, whichever store that is.
        if (provider == StorageProvider.Postgres)
        {
            services.AddSingleton<ISeriesStore>(sp => new PostgresSeriesStore(sp.GetRequiredService<PostgresJobStore>(), sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IAnomalyStore>(sp => new PostgresAnomalyStore(sp.GetRequiredService<PostgresJobStore>(), sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IJobMetricsSource>(sp => new PostgresJobMetricsSource(sp.GetRequiredService<PostgresJobStore>()));
        }
        else
        {
            services.AddSingleton<ISeriesStore>(sp => new SqliteSeriesStore(sp.GetRequiredService<SqliteJobStore>()));
            services.AddSingleton<IAnomalyStore>(sp => new SqliteAnomalyStore(sp.GetRequiredService<SqliteJobStore>()));
            services.AddSingleton<IJobMetricsSource>(sp => new SqliteJobMetricsSource(sp.GetRequiredService<SqliteJobStore>()));
        }
        services.AddSingleton<JobMetricsRecorder>();
        AddMetrics(services);
    }

    /// <summary>The metrics page's aggregates (<see cref="IMetricsQueries"/>), process sampling (<see cref="IProcessMetrics"/>) and the <c>Jobs</c> meter.</summary>
    private static void AddMetrics(IServiceCollection services)
    {
        services.AddMetrics();
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidator>();
        services.AddSingleton<IMetricsQueries, MetricsQueries>();
        services.AddSingleton<ProcessSampleBuffer>();
        services.AddSingleton<IProcessMetrics>(sp => sp.GetRequiredService<ProcessSampleBuffer>());
        services.AddSingleton<EngineSampler>();
        services.AddSingleton<JobsMeter>();
    }

    /// <summary>The store the configuration selects, decided at registration because the two stores register different services.</summary>
    /// <remarks>An unknown provider registers SQLite; start-up validation then stops the app with a message naming the key.</remarks>
    private static StorageProvider SelectedProvider(IConfiguration configuration)
    {
        var storage = new StorageOptions();
        configuration.GetSection(StorageOptions.SectionName).Bind(storage);
        storage.ConnectionString ??= configuration.GetConnectionString("Jobs");
        return storage.ResolveProvider() ?? StorageProvider.Sqlite;
    }
}
