using Jobs.BuiltIn.Artifacts;
using Jobs.BuiltIn.Pipeline;
using Jobs.BuiltIn.SampleDomain;
using Jobs.Handlers;
using Jobs.Maintenance;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Jobs.BuiltIn;

/// <summary>Registers the built-in job types: the sample domain's (<c>etl</c>, <c>heatmap</c>, <c>data_refresh</c>) and the pipeline building blocks.</summary>
public static class BuiltInJobsServiceCollectionExtensions
{
    /// <summary>Adds every built-in job type, the sample domain's store and seeder, the artifact store and the pipeline submitter.</summary>
    /// <remarks>
    /// Call after <c>AddJobEngine()</c>: <c>builder.AddJobEngine().AddBuiltInJobs();</c>. Settings come from the
    /// <c>BuiltInJobs</c> section (and <c>HEATMAP_LEVELS</c>); the sample domain's database is <c>sample.db</c> in the
    /// data directory unless <c>ConnectionStrings:SampleDomain</c> names another.
    /// </remarks>
    public static JobEngineBuilder AddBuiltInJobs(this JobEngineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<BuiltInJobsOptions>().BindConfiguration(BuiltInJobsOptions.SectionName)
            .Configure<IConfiguration>((o, configuration) =>
            {
                if (configuration["HEATMAP_LEVELS"] is { Length: > 0 } levels)
                {
                    o.HeatmapLevels = levels;
                }
            })
            .Validate(o =>
            {
                try
                {
                    return o.ParseHeatmapLevels().Count > 0;
                }
                catch (FormatException)
                {
                    return false;
                }
            }, "BuiltInJobs:HeatmapLevels (HEATMAP_LEVELS) must list levels from 1 to 3, comma-separated.")
            .ValidateOnStart();

        services.TryAddSingleton<ArtifactStore>();
        services.AddSingleton<ICleanupContributor, BuiltInFilesCleanup>();
        AddSampleDomain(services);
        builder.AddHandler<EtlJob>(EtlJob.TypeName)
            .AddHandler<HeatmapJob>(HeatmapJob.TypeName)
            .AddHandler<DataRefreshJob>(DataRefreshJob.TypeName);
        return builder.AddPipelineJobs();
    }

    private static void AddSampleDomain(IServiceCollection services)
    {
        services.TryAddSingleton<SampleDomainPaths>();
        services.AddDbContextFactory<SampleDomainDbContext>((sp, options) =>
        {
            var connectionString = sp.GetRequiredService<IConfiguration>().GetConnectionString("SampleDomain")
                ?? $"Data Source={sp.GetRequiredService<SampleDomainPaths>().Database}";
            options.UseSqlite(connectionString);
        });
        services.TryAddSingleton<SampleDomainSchema>();
        services.TryAddSingleton<InboxProcessor>();
        services.TryAddSingleton<HttpEventSource>();
        services.TryAddSingleton<EventIngestion>();
        services.TryAddSingleton<EventEnricher>();
        services.TryAddSingleton<RiskIndexCalculator>();
        services.TryAddSingleton<HeatmapCalculator>();
        services.AddHttpClient(HttpEventSource.ClientName).AddStandardResilienceHandler();
        services.AddHostedService<SampleDataSeeder>();
    }
}
