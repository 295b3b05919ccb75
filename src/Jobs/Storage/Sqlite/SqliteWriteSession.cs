using Jobs.Client;
using Jobs.Events;
using Jobs.Model;
using Microsoft.Data.Sqlite;

namespace Jobs.Storage.Sqlite;

/// <summary>
/// Executes the writes of one group-commit batch inside one transaction, with prepared commands.
/// </summary>
/// <remarks>
/// Only the writer uses it, on one connection, so nothing here is shared. Side effects outside the
/// database (ticket fields, events, the work-available signal) are deferred to <see cref="AfterCommit"/>:
/// when a batch rolls back, none of them happened.
/// </remarks>
internal sealed partial class SqliteWriteSession : IDisposable
{
    private static readonly string AppendHistory = Append("history", "$h");
    private static readonly string AppendAttempt = Append("attempts", "$a");
    private const string LiveStates = "(0, 1, 2, 3, 5)";

    private readonly SqliteConnection _connection;
    private readonly long[] _countDeltas = new long[8];
    private readonly List<Action> _afterCommit = [];
    private readonly List<Change> _changes = [];
    private readonly Queue<long> _terminal = new();
    private readonly List<Action> _onRollback = [];

    private readonly PreparedStatement _insert;
    private readonly PreparedStatement _insertFinished;
    private readonly SqliteCommand _insertTag;
    private readonly SqliteCommand _insertDependency;
    private readonly SqliteCommand _findUnique;
    private readonly SqliteCommand _parentState;
    private readonly SqliteCommand _processing;
    private readonly PreparedStatement _complete;
    private readonly SqliteCommand _progress;
    private readonly SqliteCommand _log;
    private readonly SqliteCommand _children;
    private readonly PreparedStatement _anyDependency;
    private readonly SqliteCommand _childEdges;
    private readonly SqliteCommand _jobHead;
    private readonly SqliteCommand _setState;
    private readonly SqliteCommand _claimOne;
    private readonly PreparedStatement _updateCount;
    private readonly PreparedStatement _begin;
    private readonly PreparedStatement _commit;
    private readonly PreparedStatement _rollback;

    public SqliteWriteSession(SqliteConnection connection)
    {
        _connection = connection;
        // Positional: see Insert in SqliteWriteSession.Operations.cs for the order.
        // ?22 is the id: NULL lets AUTOINCREMENT choose, a value is an id this process reserved (see ReservedJobIds).
        _insert = new PreparedStatement(connection, """
            INSERT INTO jobs (type, queue, priority, state, args, created_at, updated_at, run_at, attempt, retry_count, max_retries,
                retry_delay_ms, retry_backoff, retry_jitter, timeout_ms, owner, lease_until, lease_version, cancel_requested,
                unique_key, tags, metadata, reason, history, attempts, finished_at, id)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, 0, 0, ?8,
                ?9, ?10, ?11, ?12, ?13, ?14, ?15, 0,
                ?16, ?17, ?18, ?19, ?20, '[]', ?21, ?22)
            """);
        // A job that ran before its insert: written once, in the state its attempt ended in. See InsertFinished for the order.
        _insertFinished = new PreparedStatement(connection, """
            INSERT INTO jobs (id, type, queue, priority, state, args, result, created_at, updated_at, run_at, started_at, finished_at,
                attempt, retry_count, max_retries, retry_delay_ms, retry_backoff, retry_jitter, timeout_ms, owner, lease_until,
                lease_version, cancel_requested, tags, metadata, progress, progress_message, progress_current, progress_total,
                last_error_type, last_error_message, reason, history, attempts)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,
                1, ?13, ?14, ?15, ?16, ?17, ?18, NULL, NULL,
                1, 0, ?19, ?20, ?21, ?22, ?23, ?24,
                ?25, ?26, ?27, ?28, ?29)
            """);
        _insertTag = Prepare("INSERT OR IGNORE INTO job_tags (tag, job_id) VALUES ($tag, $id)", "$tag", "$id");
        _insertDependency = Prepare("INSERT OR IGNORE INTO job_dependencies (child_id, parent_id, condition) VALUES ($child, $parent, $condition)", "$child", "$parent", "$condition");
        _findUnique = Prepare($"SELECT id, state FROM jobs INDEXED BY ux_jobs_unique_key WHERE unique_key = $key AND state IN {LiveStates} LIMIT 1", "$key");
        _parentState = Prepare("SELECT state FROM jobs WHERE id = $id", "$id");
        _processing = Prepare($"""
            UPDATE jobs SET state = 3, started_at = $started, updated_at = $started, attempt = $attempt,
                progress = NULL, progress_message = NULL, progress_current = NULL, progress_total = NULL, {AppendHistory}
            WHERE id = $id AND lease_version = $version
            """, "$started", "$attempt", "$h", "$id", "$version");
        // Positional: see Complete in SqliteWriteSession.Operations.cs for the order.
        _complete = new PreparedStatement(connection, $"""
            UPDATE jobs SET state = ?1, updated_at = ?2, started_at = ?3, finished_at = ?4, run_at = ?5,
                attempt = ?6, retry_count = ?7, owner = NULL, lease_until = NULL, result = ?8,
                progress = ?9, progress_message = ?10, progress_current = ?11, progress_total = ?12,
                last_error_type = COALESCE(?13, last_error_type), last_error_message = COALESCE(?14, last_error_message),
                reason = ?15, cancel_requested = 0, {Append("history", "?16")}, {Append("attempts", "?17")}
            WHERE id = ?18 AND lease_version = ?19
            """);
        _progress = Prepare("""
            UPDATE jobs SET progress = $progress, progress_message = $message, progress_current = $current, progress_total = $total, updated_at = $now
            WHERE id = $id AND lease_version = $version AND state IN (2, 3)
            """, "$progress", "$message", "$current", "$total", "$now", "$id", "$version");
        _log = Prepare("INSERT INTO job_logs (job_id, attempt, at, level, message) VALUES ($job, $attempt, $at, $level, $message)", "$job", "$attempt", "$at", "$level", "$message");
        _anyDependency = new PreparedStatement(connection, "SELECT EXISTS (SELECT 1 FROM job_dependencies)");
        _children = Prepare("SELECT child_id FROM job_dependencies WHERE parent_id = $id", "$id");
        _childEdges = Prepare("SELECT d.parent_id, d.condition, p.state FROM job_dependencies d LEFT JOIN jobs p ON p.id = d.parent_id WHERE d.child_id = $id", "$id");
        _jobHead = Prepare("SELECT state, type, queue, run_at, owner, lease_until FROM jobs WHERE id = $id", "$id");
        _setState = Prepare($"""
            UPDATE jobs SET state = $state, updated_at = $now, run_at = $runAt, finished_at = $finished, reason = $reason,
                owner = NULL, lease_until = NULL, cancel_requested = 0, {AppendHistory}
            WHERE id = $id
            """, "$state", "$now", "$runAt", "$finished", "$reason", "$h", "$id");
        _claimOne = Prepare($"""
            UPDATE jobs SET state = 2, owner = $owner, lease_until = $leaseUntil, lease_version = lease_version + 1, updated_at = $now,
                run_at = NULL, {AppendHistory}
            WHERE id = $id
            RETURNING type, queue, priority, args, attempt, retry_count, max_retries, retry_delay_ms, retry_backoff, retry_jitter,
                timeout_ms, tags, metadata, lease_version, created_at
            """, "$owner", "$leaseUntil", "$now", "$h", "$id");
        // The statements of every batch run through SQLitePCL directly: Microsoft.Data.Sqlite's per-execution reader and
        // parameter bookkeeping cost more than SQLite's own work for them.
        _updateCount = new PreparedStatement(connection, "UPDATE job_state_counts SET count = count + ?1 WHERE state = ?2");
        _begin = new PreparedStatement(connection, "BEGIN IMMEDIATE");
        _commit = new PreparedStatement(connection, "COMMIT");
        _rollback = new PreparedStatement(connection, "ROLLBACK");
    }

    /// <summary>SQL that appends the JSON fragment in <paramref name="parameter"/> (skipped when null) to the JSON array in <paramref name="column"/>.</summary>
    /// <remarks>The arrays only grow at the end, so text concatenation replaces parsing and re-serializing them.</remarks>
    private static string Append(string column, string parameter) =>
        $"{column} = CASE WHEN {parameter} IS NULL THEN {column} ELSE substr({column}, 1, length({column}) - 1) || CASE WHEN length({column}) > 2 THEN ',' ELSE '' END || {parameter} || ']' END";


    /// <summary>Set when the batch made jobs claimable, so the claimer should look.</summary>
    public bool WorkAvailable { get; private set; }

    /// <summary>The earliest run-at of a delayed job or retry the batch wrote, if any.</summary>
    public long? EarliestRunAt { get; private set; }

    /// <summary>Notes claimable work: ready now (<paramref name="runAt"/> null) or due at <paramref name="runAt"/>.</summary>
    private void Claimable(long? runAt)
    {
        WorkAvailable = true;
        if (runAt is { } at && (EarliestRunAt is null || at < EarliestRunAt))
        {
            EarliestRunAt = at;
        }
    }

    /// <summary>The batch's clock (Unix ms), read once when the batch starts.</summary>
    public long NowMs { get; private set; }

    /// <summary>Opens the batch's transaction: IMMEDIATE, so the write lock is taken up front and never upgraded.</summary>
    /// <remarks>BEGIN, COMMIT and ROLLBACK are prepared once: parsing them per batch cost more than most batches' writes.</remarks>
    public void Begin(long nowMs)
    {
        _begin.Execute();
        NowMs = nowMs;
        _onRollback.Clear();
        Array.Clear(_countDeltas);
        _afterCommit.Clear();
        _changes.Clear();
        _terminal.Clear();
        WorkAvailable = false;
        EarliestRunAt = null;
    }

    /// <summary>Resolves dependents of jobs that ended in this batch and writes the net state-count changes; call last, before commit.</summary>
    public void Finish()
    {
        ResolveDependents();
        for (var s = 0; s < _countDeltas.Length; s++)
        {
            if (_countDeltas[s] != 0)
            {
                _updateCount.Bind(1, _countDeltas[s]).Bind(2, (long)s).Execute();
            }
        }
    }

    public void Commit() => _commit.Execute();

    /// <summary>Rolls the batch back; false when SQLite had already done so (some errors, such as a full disk, end the transaction themselves).</summary>
    public bool Rollback()
    {
        if (_connection.Handle is { } db && SQLitePCL.raw.sqlite3_get_autocommit(db) != 0)
        {
            return false;
        }

        _rollback.Execute();
        return true;
    }

    /// <summary>Runs once the batch committed: applies deferred side effects.</summary>
    public void AfterCommit()
    {
        foreach (var action in _afterCommit)
        {
            action();
        }
    }

    /// <summary>Publishes the batch's job changes; call after the commit.</summary>
    /// <remarks>
    /// The changes are recorded during the batch and turned into events only now, and only when someone subscribes: a
    /// subscriber that subscribed and read a job before the commit is seen here, so it hears of every change its read
    /// missed; with nobody subscribed no event is built at all.
    /// </remarks>
    public void Announce(IJobEventStream events)
    {
        if (!events.HasSubscribers)
        {
            return;
        }

        foreach (var c in _changes)
        {
            events.Publish(new JobEvent(c.Id, c.Type, c.Queue, c.State, c.Progress, DateTimeOffset.FromUnixTimeMilliseconds(c.AtMs)));
        }
    }

    public void Defer(Action action) => _afterCommit.Add(action);

    /// <summary>Undoes in-memory changes made while executing a batch that then rolled back.</summary>
    public void RolledBack()
    {
        for (var i = _onRollback.Count - 1; i >= 0; i--)
        {
            _onRollback[i]();
        }

        _onRollback.Clear();
    }

    private void Moved(JobState? from, JobState to)
    {
        if (from is { } f)
        {
            _countDeltas[(int)f]--;
        }

        _countDeltas[(int)to]++;
    }

    private void Removed(JobState state) => _countDeltas[(int)state]--;

    /// <summary>Records a job change for <see cref="AfterCommit"/> to announce.</summary>
    private void Changed(long id, string type, string queue, JobState state, long atMs, JobProgress? progress = null) =>
        _changes.Add(new Change(id, type, queue, state, atMs, progress));

    /// <summary>A job change of this batch, announced after the commit.</summary>
    private readonly record struct Change(long Id, string Type, string Queue, JobState State, long AtMs, JobProgress? Progress);

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var p in parameters)
        {
            command.Parameters.Add(new SqliteParameter(p, null));
        }

        return command;
    }

    private static int Run(SqliteCommand command, params object?[] values)
    {
        Bind(command, values);
        return command.ExecuteNonQuery();
    }

    private static void Bind(SqliteCommand command, object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    private static SqliteDataReader Query(SqliteCommand command, params object?[] values)
    {
        Bind(command, values);
        return command.ExecuteReader();
    }

    /// <summary>An ad-hoc command inside the batch (admin operations; not the hot path).</summary>
    public SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    public void Dispose()
    {
        foreach (var p in new[] { _insert, _insertFinished, _complete, _anyDependency, _updateCount, _begin, _commit, _rollback })
        {
            p.Dispose();
        }

        foreach (var c in new[] { _insertTag, _insertDependency, _findUnique, _parentState, _processing, _progress, _log, _children, _childEdges, _jobHead, _setState, _claimOne })
        {
            c.Dispose();
        }
    }

    internal static JobValidationException MissingParent(int index, long parentId) =>
        new($"dependsOn[{index}]", $"Job {parentId} does not exist.");
}
