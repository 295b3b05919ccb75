using System.Threading.Channels;
using Jobs.Client;
using Jobs.Configuration;
using Jobs.Events;
using Jobs.Model;
using Jobs.Processing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jobs.Storage.Sqlite;

/// <summary>The embedded SQLite store: one WAL database file, one group-committing writer, pooled readers.</summary>
/// <remarks>
/// Every write in this process goes through one writer loop: it drains whatever writes are waiting
/// (up to <see cref="MaxBatch"/>), runs them in one IMMEDIATE transaction, commits once, then completes
/// each caller. Under load that turns thousands of single-row commits into a few large ones; when idle
/// a single write commits at once, with no batching window to wait for. Other processes (the CLI,
/// a second node) write through their own writer; SQLite's lock and busy timeout serialize them.
/// </remarks>
internal sealed partial class SqliteJobStore : IJobStore
{
    private const int MaxBatch = 2048;

    private readonly StorageOptions _options;
    private readonly TimeProvider _time;
    private readonly IJobEventStream _events;
    private readonly ILogger<SqliteJobStore> _logger;
    private readonly NodeIdentity _node;
    private readonly Channel<WriteOp<SqliteWriteSession>> _ops = Channel.CreateUnbounded<WriteOp<SqliteWriteSession>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _watchGate = new(1, 1);
    private readonly ReservedJobIds? _ids;
    private SqliteConnection? _writeConnection;
    private SqliteConnection? _watchConnection;
    private SqliteWriteSession? _session;
    private WalCheckpointer? _checkpointer;
    private Task? _writer;

    public SqliteJobStore(IOptions<StorageOptions> options, IOptions<JobEngineOptions> engine, TimeProvider time, IJobEventStream events, NodeIdentity node, ILogger<SqliteJobStore> logger)
    {
        _options = options.Value;
        _time = time;
        _events = events;
        _node = node;
        _logger = logger;
        DatabasePath = _options.ResolveDatabasePath();
        ConnectionString = new SqliteConnectionStringBuilder(_options.ConnectionString ?? $"Data Source={DatabasePath}")
        {
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        DatabasePath = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
        Queries = new EfJobQueries(CreateDbContext, time, engine.Value.LeaseDuration);
        // Only a node that runs jobs reserves ids (for early starts and ordered ids); the CLI would only leave gaps.
        _ids = engine.Value.RunWorkers && engine.Value.EarlyStart
            ? new ReservedJobIds(count => Submit("reserve job ids", s => s.ReserveIds(count)))
            : null;
    }

    /// <summary>The database file.</summary>
    public string DatabasePath { get; }

    public string ConnectionString { get; }

    public IJobQueries Queries { get; }

    public bool SharedByNodes => false;

    public event Action<long?>? WorkAvailable;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        EnsureWritableDirectory();
        await using (var db = CreateDbContext())
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        _writeConnection = await OpenAsync(cancellationToken);
        using (var pragma = _writeConnection.CreateCommand())
        {
            pragma.CommandText = $"PRAGMA journal_mode = WAL; PRAGMA synchronous = {(_options.Synchronous == SqliteSynchronous.Full ? "FULL" : "NORMAL")}; PRAGMA wal_autocheckpoint = {WalCheckpointer.BackstopPages};";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }

        _checkpointer = new WalCheckpointer(await OpenAsync(cancellationToken), _logger);

        _watchConnection = await OpenAsync(cancellationToken);
        _session = new SqliteWriteSession(_writeConnection);
        _writer = Task.Run(WriteLoopAsync, CancellationToken.None);
        if (_ids is not null)
        {
            await _ids.RefillAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Refuses to start with a message naming the path when the data directory can't be created or written.</summary>
    private void EnsureWritableDirectory()
    {
        var directory = Path.GetDirectoryName(DatabasePath);
        if (string.IsNullOrEmpty(directory) || DatabasePath == ":memory:")
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, $".write-probe-{Environment.ProcessId}");
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"The data directory '{directory}' is not writable ({ex.Message}). Set Storage:DataDirectory to a writable folder.", ex);
        }
    }

    internal JobsDbContext CreateDbContext() =>
        new(new DbContextOptionsBuilder<JobsDbContext>().UseSqlite(ConnectionString).Options);

    internal async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA temp_store = MEMORY;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM job_state_counts";
        await command.ExecuteScalarAsync(cancellationToken);
    }

    public async Task<long> GetChangeTokenAsync(CancellationToken cancellationToken)
    {
        await _watchGate.WaitAsync(cancellationToken);
        try
        {
            using var command = _watchConnection!.CreateCommand();
            command.CommandText = "PRAGMA data_version";
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        finally
        {
            _watchGate.Release();
        }
    }

    public async Task<long?> GetNextDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        // +1: the claim takes leases with lease_until < now. Our own leases are left out: the lease keeper renews them.
        command.CommandText = """
            SELECT min(due) FROM (
                SELECT min(run_at) AS due FROM jobs INDEXED BY ix_jobs_due WHERE state IN (0, 5)
                UNION ALL
                SELECT min(lease_until) + 1 FROM jobs INDEXED BY ix_jobs_lease WHERE owner IS NOT NULL AND owner <> $owner AND state IN (2, 3))
            """;
        command.Parameters.AddWithValue("$owner", _node.Owner);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is long ms ? ms : null;
    }

    public async Task<IReadOnlyList<long>> GetCancelRequestsAsync(string owner, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM jobs INDEXED BY ix_jobs_cancel_requested WHERE cancel_requested AND owner = $owner AND state IN (2, 3)";
        command.Parameters.AddWithValue("$owner", owner);
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    // Writes: each becomes an op for the writer loop.

    public Task InsertAsync(IReadOnlyList<NewJob> jobs, string owner, long leaseUntilMs, CancellationToken cancellationToken)
    {
        var insert = Submit("insert jobs", s => { s.Insert(jobs, owner, leaseUntilMs); return true; });
        foreach (var job in jobs)
        {
            job.EarlyStart?.Stored = insert;
        }

        return insert;
    }

    public bool TryReserveJobId(out long id)
    {
        id = 0;
        return _ids?.TryTake(out id) == true;
    }

    public void MarkProcessing(IReadOnlyList<JobTicket> tickets) => Post(new FireAndForgetOp<SqliteWriteSession>(s =>
    {
        foreach (var ticket in tickets)
        {
            s.Processing(ticket);
        }
    }, "mark processing"));

    public Task<bool> CompleteAsync(JobTicket ticket, JobOutcome outcome, CancellationToken cancellationToken)
    {
        var json = OutcomeJson.For(ticket, outcome, _node.Owner);
        if (ticket.EarlyStart is { } early && (early.TryFinish(ticket, outcome, json) || early.Stored.IsFaulted))
        {
            // The insert has not run yet: it writes the job in its final state, in the batch the enqueue waits for.
            // Or the insert failed: then this fails too, as there is no row (the executor drops the outcome).
            return early.Stored;
        }

        return Submit("store outcome", s => s.Complete(ticket, outcome, json));
    }

    public void SaveProgress(IReadOnlyList<(JobTicket Ticket, JobProgress Progress)> snapshots) =>
        Post(new FireAndForgetOp<SqliteWriteSession>(s => s.SaveProgress(snapshots), "save progress"));

    public void AppendLogs(IReadOnlyList<(long JobId, JobLogLine Line)> lines) =>
        Post(new FireAndForgetOp<SqliteWriteSession>(s => s.AppendLogs(lines), "append logs"));

    public Task<IReadOnlyList<JobTicket>> ClaimAsync(string owner, long leaseUntilMs, int max, CancellationToken cancellationToken) =>
        Submit<IReadOnlyList<JobTicket>>("claim jobs", s => s.Claim(owner, leaseUntilMs, max));

    public Task RenewLeasesAsync(string owner, long leaseUntilMs, CancellationToken cancellationToken) =>
        Submit("renew leases", s => { s.RenewLeases(owner, leaseUntilMs); return true; });

    public Task<int> ReleaseAsync(string owner, CancellationToken cancellationToken) => Submit("release jobs", s => s.Release(owner));

    public Task<JobActionResult> CancelAsync(long jobId, string? reason, CancellationToken cancellationToken) =>
        Submit("cancel job", s => s.Cancel(jobId, reason, _node.Owner));

    public Task HeartbeatAsync(NodeHeartbeat heartbeat, CancellationToken cancellationToken) =>
        Submit("node heartbeat", s => { s.Heartbeat(heartbeat); return true; });

    public Task LeaveAsync(string owner, CancellationToken cancellationToken) =>
        Submit("node leaves", s => { s.Leave(owner); return true; });

    public Task<JobActionResult> RetryAsync(long jobId, CancellationToken cancellationToken) => Submit("retry job", s => s.Retry(jobId));

    public Task<JobActionResult> DeleteAsync(long jobId, CancellationToken cancellationToken) => Submit("delete job", s => s.Delete(jobId));

    public async Task<int> RetryDeadLetteredAsync(IReadOnlyCollection<long>? jobIds, CancellationToken cancellationToken)
    {
        var ids = jobIds ?? await DeadLetteredIdsAsync(cancellationToken);
        return await Submit("retry dead-lettered jobs", s => ids.Count(id => s.Retry(id).Succeeded));
    }

    private async Task<IReadOnlyCollection<long>> DeadLetteredIdsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM jobs WHERE state = 6";
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    public async Task<int> DeleteFinishedAsync(IReadOnlyCollection<JobState> states, long finishedBeforeMs, CancellationToken cancellationToken)
    {
        // Chunked, one writer batch per chunk, so a large clean-up never holds the writer for long.
        const int chunk = 2000;
        var total = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var deleted = await Submit("delete finished jobs", s => s.DeleteFinished(states, finishedBeforeMs, chunk));
            total += deleted;
            if (deleted < chunk)
            {
                return total;
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> in the writer loop's next batch and completes once it is committed.</summary>
    /// <remarks>Internal so that other stores on this database (series, anomalies) write through the one writer too.</remarks>
    internal Task<T> Submit<T>(string name, Func<SqliteWriteSession, T> work)
    {
        var op = new WriteOp<SqliteWriteSession, T>(name, work);
        Post(op);
        return op.Task;
    }

    private void Post(WriteOp<SqliteWriteSession> op)
    {
        if (!_ops.Writer.TryWrite(op))
        {
            op.Fail(new ObjectDisposedException(nameof(SqliteJobStore), "The job store is shut down."));
        }
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<WriteOp<SqliteWriteSession>>(MaxBatch);
        var reader = _ops.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var op))
            {
                batch.Add(op);
            }

            if (!TryCommit(batch))
            {
                // One bad write must not sink the others: retry each alone so only the culprit fails.
                foreach (var op in batch)
                {
                    TryCommit([op]);
                }
            }
        }
    }

    private bool TryCommit(List<WriteOp<SqliteWriteSession>> batch)
    {
        var session = _session!;
        try
        {
            session.Begin(_time.GetUtcNow().ToUnixTimeMilliseconds());
            foreach (var op in batch)
            {
                op.Execute(session);
            }

            session.Finish();
            session.Commit();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            try
            {
                session.Rollback();
            }
            catch (SqliteException rollbackError)
            {
                _logger.LogWarning(rollbackError, "Rollback after a failed job-store batch failed");
            }

            session.RolledBack();
            if (batch.Count > 1)
            {
                return false;
            }

            _logger.LogWarning(ex, "A job-store write failed ({Operation})", batch[0].Name);
            batch[0].Fail(ex is SqliteException ? JobStoreException.WriteFailed(DatabasePath, ex) : ex);
            return true;
        }

        _checkpointer!.Committed();
        session.AfterCommit();
        foreach (var op in batch)
        {
            op.Complete();
        }

        session.Announce(_events);

        if (session.WorkAvailable)
        {
            WorkAvailable?.Invoke(session.EarliestRunAt);
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        _ops.Writer.TryComplete();
        if (_writer is not null)
        {
            await _writer.ConfigureAwait(false);
        }

        if (_checkpointer is not null)
        {
            await _checkpointer.DisposeAsync().ConfigureAwait(false);
            _checkpointer = null;
        }

        _session?.Dispose();
        if (_writeConnection is not null)
        {
            await _writeConnection.DisposeAsync();
        }

        if (_watchConnection is not null)
        {
            await _watchConnection.DisposeAsync();
        }

        _watchGate.Dispose();
    }
}
