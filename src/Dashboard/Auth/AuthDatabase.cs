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

    /// <summary>Creates the data directory when missing (the CLI may run before the server ever started).</summary>
    public static void EnsureDirectory(StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var path = new SqliteConnectionStringBuilder(ConnectionString(storage)).DataSource;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory) && path != ":memory:")
        {
            Directory.CreateDirectory(directory);
        }
    }
}
