using Microsoft.Data.Sqlite;

namespace Jobs.CrashHost;

/// <summary>The jobs' own side effect: a <c>completions(job_id)</c> table in <c>completions.db</c>, written idempotently.</summary>
/// <remarks>A separate database from the engine's, so what the tests count is what the handlers did, not what the engine says.</remarks>
internal sealed class CompletionStore
{
    public const string FileName = "completions.db";

    private readonly string _connectionString;
    private readonly Lazy<Task> _created;

    public CompletionStore(string directory)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, FileName), DefaultTimeout = 30 }.ToString();
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
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA journal_mode = WAL; CREATE TABLE IF NOT EXISTS completions (job_id INTEGER PRIMARY KEY);";
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>Records that the job's work is done; a second run of the same job changes nothing.</summary>
    public async Task RecordAsync(long jobId, CancellationToken cancellationToken)
    {
        await InitializeAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 30000; INSERT OR IGNORE INTO completions (job_id) VALUES ($id);";
        command.Parameters.AddWithValue("$id", jobId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
