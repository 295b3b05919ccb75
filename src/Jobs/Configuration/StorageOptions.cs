namespace Jobs.Configuration;

/// <summary>Where the engine keeps its data, bound from the <c>Storage</c> section and <c>ConnectionStrings:Jobs</c>.</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Storage";

    /// <summary>Which database holds the jobs: <c>sqlite</c> or <c>postgres</c>. Empty (default): PostgreSQL when the connection string is a <c>Host=...</c> one, else SQLite.</summary>
    public string? Provider { get; set; }

    /// <summary>The folder for all state (the SQLite files). Relative paths are under the working directory. Defaults to <c>data</c>.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>An explicit connection string (from <c>ConnectionStrings:Jobs</c>); overrides <see cref="DataDirectory"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// SQLite's <c>synchronous</c> setting: <c>Normal</c> (default) survives a process crash or kill -9 without
    /// losing a committed job; <c>Full</c> also survives power loss, at several times the commit cost.
    /// </summary>
    public SqliteSynchronous Synchronous { get; set; } = SqliteSynchronous.Normal;

    /// <summary>The provider this configuration selects; null when <see cref="Provider"/> names none we know (validation reports it).</summary>
    public StorageProvider? ResolveProvider() => Provider?.Trim().ToUpperInvariant() switch
    {
        null or "" => IsPostgresConnectionString(ConnectionString) ? StorageProvider.Postgres : StorageProvider.Sqlite,
        "SQLITE" => StorageProvider.Sqlite,
        "POSTGRES" or "POSTGRESQL" or "NPGSQL" => StorageProvider.Postgres,
        _ => null,
    };

    /// <summary>True for a key-value connection string with a <c>Host</c> (or <c>Server</c>) key: the shape PostgreSQL's take, never SQLite's.</summary>
    public static bool IsPostgresConnectionString(string? connectionString) =>
        connectionString is not null
        && connectionString.Split(';').Any(part => part.Split('=', 2)[0].Trim() is var key
            && (key.Equals("Host", StringComparison.OrdinalIgnoreCase) || key.Equals("Server", StringComparison.OrdinalIgnoreCase)));

    /// <summary>The SQLite file path this configuration resolves to.</summary>
    public string ResolveDatabasePath() => Path.GetFullPath(Path.Combine(DataDirectory, "jobs.db"));
}

/// <summary>How hard SQLite works to make a commit durable.</summary>
public enum SqliteSynchronous
{
    /// <summary>Durable across process crashes (WAL).</summary>
    Normal,
    /// <summary>Durable across power loss.</summary>
    Full,
}

/// <summary>The databases the engine can keep its jobs in.</summary>
public enum StorageProvider
{
    /// <summary>An embedded SQLite file under the data directory: one node, nothing to set up.</summary>
    Sqlite,
    /// <summary>A PostgreSQL database that several nodes share.</summary>
    Postgres,
}
