using Jobs.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Dashboard.Auth;

/// <summary>Points <see cref="AuthDbContext"/> at the engine's SQLite database, resolved from <see cref="StorageOptions"/> as the engine does.</summary>
internal static class AuthDatabase
{
    /// <summary>The connection string for <paramref name="storage"/>: <c>ConnectionStrings:Jobs</c> when set, else <c>jobs.db</c> in the data directory.</summary>
    public static string ConnectionString(StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return new SqliteConnectionStringBuilder(storage.ConnectionString ?? $"Data Source={storage.ResolveDatabasePath()}")
        {
            Pooling = true,
            // The engine's writer holds the write lock for a group commit at a time; wait for it instead of failing.
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>Configures <paramref name="options"/> for <paramref name="storage"/>, with this context's own migrations history table.</summary>
    public static void Configure(DbContextOptionsBuilder options, StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.UseSqlite(ConnectionString(storage), sqlite => sqlite.MigrationsHistoryTable(AuthDbContext.MigrationsHistoryTable));
    }

    /// <summary>Whether the engine's store (and so the sign-in store) is PostgreSQL.</summary>
    public static bool IsPostgres(StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return storage.ResolveProvider() == StorageProvider.Postgres;
    }

    /// <summary>Configures <paramref name="options"/> for the engine's PostgreSQL database, with this context's own migrations history table.</summary>
    public static void ConfigurePostgres(DbContextOptionsBuilder options, StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(storage);
        options.UseNpgsql(storage.ConnectionString, npgsql => npgsql.MigrationsHistoryTable(AuthDbContext.MigrationsHistoryTable));
    }

    /// <summary>Creates the data directory when missing (the CLI may run before the server ever started).</summary>
    public static void EnsureDirectory(StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        if (IsPostgres(storage))
        {
            return;
        }

        var path = new SqliteConnectionStringBuilder(ConnectionString(storage)).DataSource;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory) && path != ":memory:")
        {
            Directory.CreateDirectory(directory);
        }
    }
}
