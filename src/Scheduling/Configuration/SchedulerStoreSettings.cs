using Jobs.Configuration;
using Microsoft.Extensions.Configuration;
using Quartz;

namespace Jobs.Scheduling.Configuration;

/// <summary>
/// Where Quartz keeps schedules: <c>ConnectionStrings:Scheduler</c> when set; else the engine's PostgreSQL database when the
/// engine runs on PostgreSQL; else <c>scheduler.db</c> in the engine's data directory.
/// </summary>
/// <remarks>
/// <see cref="Configure"/> is the one place that picks the Quartz job store. On PostgreSQL the store is clustered: every
/// node that shares the database takes part, each trigger fires on exactly one of them, and a node whose check-ins stop
/// has its triggers recovered by the others. That is why the engine's database is the default there: the nodes already
/// share it, so a <c>Host=</c> connection string switches schedules too with nothing else to configure.
/// </remarks>
internal sealed record SchedulerStoreSettings(string ConnectionString, SchedulerStoreProvider Provider)
{
    /// <summary>How often a clustered node records that it is alive; a dead node's schedules move after about twice this.</summary>
    public static readonly TimeSpan DefaultCheckinInterval = TimeSpan.FromSeconds(7.5);

    /// <summary>Reads the settings from configuration.</summary>
    public static SchedulerStoreSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var explicitString = configuration.GetConnectionString("Scheduler");
        if (!string.IsNullOrWhiteSpace(explicitString))
        {
            var provider = StorageOptions.IsPostgresConnectionString(explicitString)
                ? SchedulerStoreProvider.PostgreSql
                : SchedulerStoreProvider.Sqlite;
            return new(explicitString, provider);
        }

        var storage = new StorageOptions();
        configuration.GetSection(StorageOptions.SectionName).Bind(storage);
        storage.ConnectionString ??= configuration.GetConnectionString("Jobs");
        if (storage.ResolveProvider() == StorageProvider.Postgres && !string.IsNullOrWhiteSpace(storage.ConnectionString))
        {
            return new(storage.ConnectionString, SchedulerStoreProvider.PostgreSql);
        }

        var directory = Path.GetFullPath(configuration["Storage:DataDirectory"] is { Length: > 0 } d ? d : "data");
        return new($"Data Source={Path.Combine(directory, "scheduler.db")}", SchedulerStoreProvider.Sqlite);
    }

    /// <summary>
    /// Points Quartz at this store: its ADO.NET job store, schema provisioned when missing, System.Text.Json serializer;
    /// clustered (instance id generated per process) on PostgreSQL.
    /// </summary>
    public void Configure(IQuartzBuilder quartz, TimeSpan misfireThreshold, TimeSpan? checkinInterval = null)
    {
        ArgumentNullException.ThrowIfNull(quartz);
        quartz.UsePersistentStore(store =>
        {
            if (Provider == SchedulerStoreProvider.PostgreSql)
            {
                store.UsePostgres(ConnectionString);
                store.UseClustering(c =>
                {
                    c.CheckinInterval = checkinInterval ?? DefaultCheckinInterval;
                    c.CheckinMisfireThreshold = checkinInterval ?? DefaultCheckinInterval;
                });
            }
            else
            {
                store.UseSqlite(ConnectionString);
            }

            store.ProvisionSchema();
            store.UseSystemTextJsonSerializer(_ => { });
            store.ConfigureStore(o => o.MisfireThreshold = misfireThreshold);
        });
    }

    /// <summary>Creates the SQLite file's folder, which SQLite does not do itself.</summary>
    public void EnsureDirectory()
    {
        if (Provider != SchedulerStoreProvider.Sqlite)
        {
            return;
        }

        var builder = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = ConnectionString };
        var source = builder.TryGetValue("Data Source", out var v) ? v as string : builder.TryGetValue("DataSource", out var w) ? w as string : null;
        if (source is { Length: > 0 } && source != ":memory:" && Path.GetDirectoryName(Path.GetFullPath(source)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }
    }
}

/// <summary>The database behind Quartz's job store.</summary>
internal enum SchedulerStoreProvider
{
    /// <summary>One SQLite file; one scheduler process.</summary>
    Sqlite,

    /// <summary>PostgreSQL, shared by every node: Quartz runs clustered.</summary>
    PostgreSql,
}
