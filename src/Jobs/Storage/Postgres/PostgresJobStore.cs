using System.Threading.Channels;
using Jobs.Client;
using Jobs.Configuration;
using Jobs.Events;
using Jobs.Model;
using Jobs.Processing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Jobs.Storage.Postgres;

/// <summary>The PostgreSQL store: several nodes share one database; each node group-commits its own writes.</summary>
/// <remarks>
/// As on SQLite, every write of this process goes through one writer loop that runs whatever writes are waiting
/// (up to <see cref="MaxBatch"/>) in one transaction and commits once. Nodes coordinate through the database only:
/// row locks with <c>SKIP LOCKED</c> for claims, lease versions to fence late writes, the partial unique index for unique
/// keys, advisory locks for queue limits, and <c>LISTEN/NOTIFY</c> (see <see cref="PostgresNotifications"/>) to wake
/// each other at once. The read side is the provider-agnostic <see cref="EfJobQueries"/>.
/// </remarks>
internal sealed class PostgresJobStore : IJobStore
{
    private const int MaxBatch = 2048;

    private readonly TimeProvider _time;
    private readonly IJobEventStream _events;
    private readonly NodeIdentity _node;
    private readonly PostgresNotifications _notifications;
    private readonly ILogger<PostgresJobStore> _logger;
    private readonly IReadOnlyDictionary<string, int> _queueLimits;
    private readonly Channel<WriteOp<PostgresWriteSession>> _ops = Channel.CreateUnbounded<WriteOp<PostgresWriteSession>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly NpgsqlDataSource _dataSource;
    private readonly DbContextOptions<PostgresJobsDbContext> _dbOptions;
    private NpgsqlConnection? _writeConnection;
    private PostgresWriteSession? _session;
    private Task? _writer;

    public PostgresJobStore(
        IOptions<StorageOptions> options,
        IOptions<JobEngineOptions> engine,
        TimeProvider time,
        IJobEventStream events,
        NodeIdentity node,
        PostgresNotifications notifications,
        ILogger<PostgresJobStore> logger)
    {
        _time = time;
        _events = events;
        _node = node;
        _notifications = notifications;
        _logger = logger;
        _queueLimits = new Dictionary<string, int>(engine.Value.QueueConcurrency, StringComparer.Ordinal);
        var builder = new NpgsqlConnectionStringBuilder(options.Value.ConnectionString)
        {
            // Statements run thousands of times a second: parse and plan each once per connection.
            MaxAutoPrepare = 64,
            AutoPrepareMinUsages = 2,
        };
        builder.ApplicationName ??= $"jobs {node.Name}";
        ConnectionString = builder.ToString();
        Location = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
        _dataSource = NpgsqlDataSource.Create(ConnectionString);
        _dbOptions = new DbContextOptionsBuilder<PostgresJobsDbContext>().UseNpgsql(_dataSource).Options;
        Queries = new EfJobQueries(CreateDbContext, time, engine.Value.LeaseDuration);
        _notifications.WorkNotified += runAt => WorkAvailable?.Invoke(runAt);
    }

    public string ConnectionString { get; }

    /// <summary>Where the store is, for error messages (never the password).</summary>
    public string Location { get; }

    public IJobQueries Queries { get; }

    public bool SharedByNodes => true;

    public bool TryReserveJobId(out long id)
    {
        id = 0;
        return false;
    }

    public event Action<long?>? WorkAvailable;

    /// <summary>A pooled connection to the store's database, for the series, anomaly and metrics stores beside the jobs.</summary>
    internal ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) => _dataSource.OpenConnectionAsync(cancellationToken);

    internal JobsDbContext CreateDbContext() => new PostgresJobsDbContext(_dbOptions);

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using (var db = CreateDbContext())
            {
                // EF Core holds a migration lock, so nodes starting together migrate once.
                await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            }

            _writeConnection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException && ex is not ObjectDisposedException)
        {
            throw new InvalidOperationException($"The job store ({Location}) could not be opened: {ex.Message} Check ConnectionStrings:Jobs.", ex);
        }

        _session = new PostgresWriteSession(_writeConnection, _node.Owner, _queueLimits);
        await _notifications.StartAsync(_dataSource, cancellationToken).ConfigureAwait(false);
        _writer = Task.Run(WriteLoopAsync, CancellationToken.None);
    }

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT count(*) FROM job_state_counts");
        await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<long> GetChangeTokenAsync(CancellationToken cancellationToken) => Task.FromResult(_notifications.ChangeToken);

    public async Task<long?> GetNextDueAsync(CancellationToken cancellationToken)
    {
        // +1: the claim takes leases with lease_until < now. Our own leases are left out: the lease keeper renews them.
        await using var command = _dataSource.CreateCommand("""
            SELECT min(due) FROM (
                SELECT min(run_at) AS due FROM jobs WHERE state IN (0, 5)
                UNION ALL
                SELECT min(lease_until) + 1 FROM jobs WHERE owner IS NOT NULL AND owner <> $1 AND state IN (2, 3)) d
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = _node.Owner });
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is long ms ? ms : null;
    }

    public async Task<IReadOnlyList<long>> GetCancelRequestsAsync(string owner, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT id FROM jobs WHERE cancel_requested AND owner = $1 AND state IN (2, 3)");
        command.Parameters.Add(new NpgsqlParameter { Value = owner });
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    // Writes: each becomes an op for the writer loop.

    public Task InsertAsync(IReadOnlyList<NewJob> jobs, string owner, long leaseUntilMs, CancellationToken cancellationToken) =>
        Submit("insert jobs", s => { s.Insert(jobs, owner, leaseUntilMs); return true; });

    public void MarkProcessing(IReadOnlyList<JobTicket> tickets) => Post(new FireAndForgetOp<PostgresWriteSession>(s =>
    {
        foreach (var ticket in tickets)
        {
            s.Processing(ticket);
        }
    }, "mark processing"));

    public Task<bool> CompleteAsync(JobTicket ticket, JobOutcome outcome, CancellationToken cancellationToken)
    {
        var json = OutcomeJson.For(ticket, outcome, _node.Owner);
        return Submit("store outcome", s => s.Complete(ticket, outcome, json));
    }

    public void SaveProgress(IReadOnlyList<(JobTicket Ticket, JobProgress Progress)> snapshots) =>
        Post(new FireAndForgetOp<PostgresWriteSession>(s => s.SaveProgress(snapshots), "save progress"));

    public void AppendLogs(IReadOnlyList<(long JobId, JobLogLine Line)> lines) =>
        Post(new FireAndForgetOp<PostgresWriteSession>(s => s.AppendLogs(lines), "append logs"));

    public Task<IReadOnlyList<JobTicket>> ClaimAsync(string owner, long leaseUntilMs, int max, CancellationToken cancellationToken) =>
        Submit<IReadOnlyList<JobTicket>>("claim jobs", s => s.Claim(owner, leaseUntilMs, max));

    public Task RenewLeasesAsync(string owner, long leaseUntilMs, CancellationToken cancellationToken) =>
        Submit("renew leases", s => { s.RenewLeases(owner, leaseUntilMs); return true; });

    public Task HeartbeatAsync(NodeHeartbeat heartbeat, CancellationToken cancellationToken) =>
        Submit("node heartbeat", s => { s.Heartbeat(heartbeat); return true; });

    public Task LeaveAsync(string owner, CancellationToken cancellationToken) =>
        Submit("node leaves", s => { s.Leave(owner); return true; });

    public Task<int> ReleaseAsync(string owner, CancellationToken cancellationToken) => Submit("release jobs", s => s.Release(owner));

    public Task<JobActionResult> CancelAsync(long jobId, string? reason, CancellationToken cancellationToken) =>
        Submit("cancel job", s => s.Cancel(jobId, reason, _node.Owner));

    public Task<JobActionResult> RetryAsync(long jobId, CancellationToken cancellationToken) => Submit("retry job", s => s.Retry(jobId));

    public Task<JobActionResult> DeleteAsync(long jobId, CancellationToken cancellationToken) => Submit("delete job", s => s.Delete(jobId));

    public async Task<int> RetryDeadLetteredAsync(IReadOnlyCollection<long>? jobIds, CancellationToken cancellationToken)
    {
        var ids = jobIds ?? await DeadLetteredIdsAsync(cancellationToken).ConfigureAwait(false);
        return await Submit("retry dead-lettered jobs", s => ids.Count(id => s.Retry(id).Succeeded)).ConfigureAwait(false);
    }

    private async Task<IReadOnlyCollection<long>> DeadLetteredIdsAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT id FROM jobs WHERE state = 6");
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
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
            var deleted = await Submit("delete finished jobs", s => s.DeleteFinished(states, finishedBeforeMs, chunk)).ConfigureAwait(false);
            total += deleted;
            if (deleted < chunk)
            {
                return total;
            }
        }
    }

    private Task<T> Submit<T>(string name, Func<PostgresWriteSession, T> work)
    {
        var op = new WriteOp<PostgresWriteSession, T>(name, work);
        Post(op);
        return op.Task;
    }

    private void Post(WriteOp<PostgresWriteSession> op)
    {
        if (!_ops.Writer.TryWrite(op))
        {
            op.Fail(new ObjectDisposedException(nameof(PostgresJobStore), "The job store is shut down."));
        }
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<WriteOp<PostgresWriteSession>>(MaxBatch);
        var reader = _ops.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var op))
            {
                batch.Add(op);
            }

            if (!await TryCommitAsync(batch).ConfigureAwait(false))
            {
                // One bad write must not sink the others: retry each alone so only the culprit fails.
                foreach (var op in batch)
                {
                    await TryCommitAsync([op]).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task<bool> TryCommitAsync(List<WriteOp<PostgresWriteSession>> batch)
    {
        var session = await SessionAsync(batch).ConfigureAwait(false);
        if (session is null)
        {
            return true;
        }

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
            catch (Exception rollbackError) when (rollbackError is NpgsqlException or InvalidOperationException)
            {
                _logger.LogWarning(rollbackError, "Rollback after a failed job-store batch failed");
            }

            session.RolledBack();
            if (_writeConnection?.FullState is not System.Data.ConnectionState.Open)
            {
                // The connection broke (server restart, network): the next batch opens a new one.
                DropSession();
            }

            if (batch.Count > 1)
            {
                return false;
            }

            _logger.LogWarning(ex, "A job-store write failed ({Operation})", batch[0].Name);
            batch[0].Fail(ex is NpgsqlException ? JobStoreException.WriteFailed(Location, ex) : ex);
            return true;
        }

        var events = session.AfterCommit();
        foreach (var op in batch)
        {
            op.Complete();
        }

        foreach (var e in events)
        {
            _events.Publish(e);
        }

        if (session.WorkAvailable)
        {
            WorkAvailable?.Invoke(session.EarliestRunAt);
        }

        return true;
    }

    /// <summary>The writer's session, reopened after a broken connection; null (and the batch failed) while the server can't be reached.</summary>
    private async Task<PostgresWriteSession?> SessionAsync(List<WriteOp<PostgresWriteSession>> batch)
    {
        if (_session is not null)
        {
            return _session;
        }

        try
        {
            _writeConnection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
            _session = new PostgresWriteSession(_writeConnection, _node.Owner, _queueLimits);
            return _session;
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            _logger.LogWarning(ex, "The job store can't be reached ({Location})", Location);
            foreach (var op in batch)
            {
                op.Fail(JobStoreException.WriteFailed(Location, ex));
            }

            return null;
        }
    }

    private void DropSession()
    {
        _session?.Dispose();
        _session = null;
        _writeConnection?.Dispose();
        _writeConnection = null;
    }

    public async ValueTask DisposeAsync()
    {
        _ops.Writer.TryComplete();
        if (_writer is not null)
        {
            await _writer.ConfigureAwait(false);
        }

        DropSession();
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }
}
