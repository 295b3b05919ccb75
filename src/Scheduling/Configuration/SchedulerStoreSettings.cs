using Microsoft.Extensions.Configuration;
using Quartz;

namespace Jobs.Scheduling.Configuration;

/// <summary>Where Quartz keeps schedules: <c>scheduler.db</c> in the engine's data directory, or <c>ConnectionStrings:Scheduler</c>.</summary>
/// <remarks>
/// This is the seam for a clustered PostgreSQL store: <see cref="Configure"/> is the one place that picks the Quartz
/// job store from the connection string. PostgreSQL is refused at start-up (with the key named) until it is added.
/// </remarks>
internal sealed record SchedulerStoreSettings(string ConnectionString, SchedulerStoreProvider Provider)
{
    /// <summary>Reads the settings from configuration.</summary>
    public static SchedulerStoreSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var explicitString = configuration.GetConnectionString("Scheduler");
        if (!string.IsNullOrWhiteSpace(explicitString))
        {
            var provider = explicitString.Contains("Host=", StringComparison.OrdinalIgnoreCase)
                ? SchedulerStoreProvider.PostgreSql
                : SchedulerStoreProvider.Sqlite;
            return new(explicitString, provider);
        }

        var directory = Path.GetFullPath(configuration["Storage:DataDirectory"] is { Length: > 0 } d ? d : "data");
        return new($"Data Source={Path.Combine(directory, "scheduler.db")}", SchedulerStoreProvider.Sqlite);
    }

    /// <summary>Points Quartz at this store: its ADO.NET job store, schema provisioned when missing, System.Text.Json serializer.</summary>
    public void Configure(IQuartzBuilder quartz, TimeSpan misfireThreshold)
    {
        ArgumentNullException.ThrowIfNull(quartz);
        if (Provider != SchedulerStoreProvider.Sqlite)
        {
            // Refused by JobSchedulingOptionsValidator at start; a clustered PostgreSQL store plugs in here.
            return;
        }

        quartz.UsePersistentStore(store =>
        {
            store.UseSqlite(ConnectionString);
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

    /// <summary>PostgreSQL (for a clustered scheduler); not wired yet.</summary>
    PostgreSql,
}
