namespace Jobs.Configuration;

/// <summary>Where the engine keeps its data, bound from the <c>Storage</c> section and <c>ConnectionStrings:Jobs</c>.</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Storage";

    /// <summary>The folder for all state (the SQLite files). Relative paths are under the working directory. Defaults to <c>data</c>.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>An explicit connection string (from <c>ConnectionStrings:Jobs</c>); overrides <see cref="DataDirectory"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// SQLite's <c>synchronous</c> setting: <c>Normal</c> (default) survives a process crash or kill -9 without
    /// losing a committed job; <c>Full</c> also survives power loss, at several times the commit cost.
    /// </summary>
    public SqliteSynchronous Synchronous { get; set; } = SqliteSynchronous.Normal;

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
