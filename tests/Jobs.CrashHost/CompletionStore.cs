using Microsoft.Data.Sqlite;
using Npgsql;

namespace Jobs.CrashHost;

/// <summary>The jobs' own side effect: a completions table, written idempotently; on PostgreSQL also one row per attempt's start.</summary>
/// <remarks>
/// A separate table from the engine's, so what the tests count is what the handlers did, not what the engine says.
/// On SQLite it is <c>completions.db</c> in the data directory; with a PostgreSQL connection string it is
/// <c>crash_completions</c> and <c>crash_starts</c> in that database, shared by every node, so a multi-node test
/// counts across nodes and sees which node did what and when (for overlap checks).
/// </remarks>
internal sealed class CompletionStore
{
    public const string FileName = "completions.db";

    private readonly string _connectionString;
    private readonly bool _postgres;
    private readonly Lazy<Task> _created;

    public CompletionStore(string directory, string? postgresConnectionString = null)
    {
        _postgres = postgresConnectionString is not null;
        _connectionString = postgresConnectionString
            ?? new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, FileName), DefaultTimeout = 30 }.ToString();
        _created = new Lazy<Task>(CreateAsync);
    }

    /// <summary>Creates the table once; WAL lets the test read while this process writes.</summary>
    /// <remarks>
    /// Handlers await it too: the engine starts (and may run jobs left by an earlier process) before the host
    /// calls this, because the engine is what creates and checks the data directory.
    /// </remarks>
    public Task InitializeAsync() => _created.Value;

    private async Task CreateAsync()
    {
        if (_postgres)
        {
            await using var pg = new NpgsqlConnection(_connectionString);
            await pg.OpenAsync().ConfigureAwait(false);
            // Several nodes start at once: the advisory lock keeps their CREATEs from racing on the catalog.
            await using var create = new NpgsqlCommand("""
                SELECT pg_advisory_lock(4242);
                CREATE TABLE IF NOT EXISTS crash_completions (job_id bigint PRIMARY KEY, node text NOT NULL);
                CREATE TABLE IF NOT EXISTS crash_starts (job_id bigint NOT NULL, attempt int NOT NULL, node text NOT NULL,
                    started_at timestamptz NOT NULL DEFAULT clock_timestamp(), finished_at timestamptz);
                SELECT pg_advisory_unlock(4242);
                """, pg);
            await create.ExecuteNonQueryAsync().ConfigureAwait(false);
            return;
        }

        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA journal_mode = WAL; CREATE TABLE IF NOT EXISTS completions (job_id INTEGER PRIMARY KEY);";
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>Records an attempt's start (PostgreSQL only; on SQLite marks.log does).</summary>
    public async Task StartedAsync(long jobId, int attempt, string node, CancellationToken cancellationToken)
    {
        if (!_postgres)
        {
            return;
        }

        await InitializeAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        await using var pg = new NpgsqlConnection(_connectionString);
        await pg.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("INSERT INTO crash_starts (job_id, attempt, node) VALUES ($1, $2, $3)", pg)
        {
            Parameters = { new() { Value = jobId }, new() { Value = attempt }, new() { Value = node } },
        };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records that the job's work is done; a second run of the same job changes nothing.</summary>
    public async Task RecordAsync(long jobId, int attempt, string node, CancellationToken cancellationToken)
    {
        await InitializeAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_postgres)
        {
            await using var pg = new NpgsqlConnection(_connectionString);
            await pg.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var done = new NpgsqlBatch(pg)
            {
                BatchCommands =
                {
                    new("UPDATE crash_starts SET finished_at = clock_timestamp() WHERE job_id = $1 AND attempt = $2 AND node = $3")
                    {
                        Parameters = { new() { Value = jobId }, new() { Value = attempt }, new() { Value = node } },
                    },
                    new("INSERT INTO crash_completions (job_id, node) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                    {
                        Parameters = { new() { Value = jobId }, new() { Value = node } },
                    },
                },
            };
            await done.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 30000; INSERT OR IGNORE INTO completions (job_id) VALUES ($id);";
        command.Parameters.AddWithValue("$id", jobId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
