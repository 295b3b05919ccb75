namespace Jobs.Storage;

/// <summary>The SQL that keeps the <c>nodes</c> table, the same on SQLite and PostgreSQL.</summary>
internal static class NodeRows
{
    /// <summary>How long a gone node's row is kept so the dashboard can show it gone: 1 day.</summary>
    public const long ForgetAfterMs = 24L * 60 * 60 * 1000;

    public const string Upsert = """
        INSERT INTO nodes (owner, name, host, process_id, workers, running, started_at, last_heartbeat)
        VALUES (@owner, @name, @host, @pid, @workers, @running, @started, @now)
        ON CONFLICT (owner) DO UPDATE SET workers = excluded.workers, running = excluded.running, last_heartbeat = excluded.last_heartbeat
        """;

    public const string Delete = "DELETE FROM nodes WHERE owner = @owner OR last_heartbeat < @forgetBefore";
}
