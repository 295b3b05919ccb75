using Jobs.Events;
using Jobs.Model;
using Npgsql;
using NpgsqlTypes;

namespace Jobs.Storage.Postgres;

/// <summary>
/// Executes the writes of one group-commit batch inside one PostgreSQL transaction, on the writer's own connection.
/// </summary>
/// <remarks>
/// The same operations, with the same semantics, as the SQLite store's session: only the writer uses it,
/// side effects outside the database are deferred to <see cref="AfterCommit"/>, and a rolled-back batch
/// leaves none. What differs is what several nodes writing at once needs: claims lock rows with
/// <c>FOR UPDATE SKIP LOCKED</c>, unique keys are settled by the partial unique index, queue limits by an
/// advisory lock per limited queue, and a commit that made work claimable notifies the other nodes.
/// Statements are auto-prepared by Npgsql (see the store's connection string), so each is parsed once per connection.
/// </remarks>
internal sealed partial class PostgresWriteSession : IDisposable
{
    private const string LiveStates = "(0, 1, 2, 3, 5)";

    private readonly NpgsqlConnection _connection;
    private readonly string _self;
    private readonly IReadOnlyDictionary<string, int> _queueLimits;
    private readonly long[] _countDeltas = new long[8];
    private readonly List<Action> _afterCommit = [];
    private readonly List<JobEvent> _events = [];
    private readonly Queue<long> _terminal = new();
    private readonly List<Action> _onRollback = [];
    private NpgsqlTransaction? _transaction;
    private bool _cancelRequested;

    private readonly NpgsqlCommand _insert;
    private readonly NpgsqlCommand _insertUnique;
    private readonly NpgsqlCommand _insertTag;
    private readonly NpgsqlCommand _insertDependency;
    private readonly NpgsqlCommand _findUnique;
    private readonly NpgsqlCommand _parentState;
    private readonly NpgsqlCommand _processing;
    private readonly NpgsqlCommand _complete;
    private readonly NpgsqlCommand _progress;
    private readonly NpgsqlCommand _log;
    private readonly NpgsqlCommand _children;
    private readonly NpgsqlCommand _anyDependency;
    private readonly NpgsqlCommand _childEdges;
    private readonly NpgsqlCommand _jobHead;
    private readonly NpgsqlCommand _setState;
    private readonly NpgsqlCommand _updateCount;
    private readonly NpgsqlCommand _notify;

    private const string InsertColumns = """
        INSERT INTO jobs (type, queue, priority, state, args, created_at, updated_at, run_at, attempt, retry_count, max_retries,
            retry_delay_ms, retry_backoff, retry_jitter, timeout_ms, owner, lease_until, lease_version, cancel_requested,
            unique_key, tags, metadata, reason, history, attempts, finished_at)
        VALUES ($1, $2, $3, $4, $5, $6, $6, $7, 0, 0, $8,
            $9, $10, $11, $12, $13, $14, $15, false,
            $16, $17, $18, $19, $20, '[]', $21)
        """;

    private static readonly NpgsqlDbType[] InsertTypes =
    [
        NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Integer, NpgsqlDbType.Integer, NpgsqlDbType.Text, NpgsqlDbType.Bigint,
        NpgsqlDbType.Bigint, NpgsqlDbType.Integer, NpgsqlDbType.Bigint, NpgsqlDbType.Double, NpgsqlDbType.Boolean, NpgsqlDbType.Bigint,
        NpgsqlDbType.Text, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text,
        NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Bigint,
    ];

    public PostgresWriteSession(NpgsqlConnection connection, string self, IReadOnlyDictionary<string, int> queueLimits)
    {
        _connection = connection;
        _self = self;
        _queueLimits = queueLimits;
        // Positional: see Insert in PostgresWriteSession.Operations.cs for the order.
        _insert = Prepare(InsertColumns + " RETURNING id", InsertTypes);
        // Another node may insert the same key at the same moment: the partial unique index decides, and the loser reads the winner's row.
        _insertUnique = Prepare(InsertColumns + $" ON CONFLICT (unique_key) WHERE unique_key IS NOT NULL AND state IN {LiveStates} DO NOTHING RETURNING id", InsertTypes);
        _insertTag = Prepare("INSERT INTO job_tags (tag, job_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", NpgsqlDbType.Text, NpgsqlDbType.Bigint);
        _insertDependency = Prepare("INSERT INTO job_dependencies (child_id, parent_id, condition) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Integer);
        _findUnique = Prepare($"SELECT id, state FROM jobs WHERE unique_key = $1 AND state IN {LiveStates} LIMIT 1", NpgsqlDbType.Text);
        _parentState = Prepare("SELECT state FROM jobs WHERE id = $1", NpgsqlDbType.Bigint);
        _processing = Prepare($"""
            UPDATE jobs SET state = 3, started_at = $1, updated_at = $1, attempt = $2,
                progress = NULL, progress_message = NULL, progress_current = NULL, progress_total = NULL, {Append("history", "$3")}
            WHERE id = $4 AND lease_version = $5
            """, NpgsqlDbType.Bigint, NpgsqlDbType.Integer, NpgsqlDbType.Text, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint);
        // Positional: see Complete in PostgresWriteSession.Operations.cs for the order.
        _complete = Prepare($"""
            UPDATE jobs SET state = $1, updated_at = $2, started_at = $3, finished_at = $4, run_at = $5,
                attempt = $6, retry_count = $7, owner = NULL, lease_until = NULL, result = $8,
                progress = $9, progress_message = $10, progress_current = $11, progress_total = $12,
                last_error_type = COALESCE($13, last_error_type), last_error_message = COALESCE($14, last_error_message),
                reason = $15, cancel_requested = false, {Append("history", "$16")}, {Append("attempts", "$17")}
            WHERE id = $18 AND lease_version = $19
            """,
            NpgsqlDbType.Integer, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint,
            NpgsqlDbType.Integer, NpgsqlDbType.Integer, NpgsqlDbType.Text,
            NpgsqlDbType.Double, NpgsqlDbType.Text, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint,
            NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint);
        _progress = Prepare("""
            UPDATE jobs SET progress = $1, progress_message = $2, progress_current = $3, progress_total = $4, updated_at = $5
            WHERE id = $6 AND lease_version = $7 AND state IN (2, 3)
            """, NpgsqlDbType.Double, NpgsqlDbType.Text, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint);
        _log = Prepare("INSERT INTO job_logs (job_id, attempt, at, level, message) VALUES ($1, $2, $3, $4, $5)",
            NpgsqlDbType.Bigint, NpgsqlDbType.Integer, NpgsqlDbType.Bigint, NpgsqlDbType.Integer, NpgsqlDbType.Text);
        _anyDependency = Prepare("SELECT EXISTS (SELECT 1 FROM job_dependencies)");
        _children = Prepare("SELECT child_id FROM job_dependencies WHERE parent_id = $1", NpgsqlDbType.Bigint);
        _childEdges = Prepare("SELECT d.parent_id, d.condition, p.state FROM job_dependencies d LEFT JOIN jobs p ON p.id = d.parent_id WHERE d.child_id = $1", NpgsqlDbType.Bigint);
        // FOR UPDATE: the head decides a transition; another node must not change the row between the read and the write.
        _jobHead = Prepare("SELECT state, type, queue, run_at, owner, lease_until FROM jobs WHERE id = $1 FOR UPDATE", NpgsqlDbType.Bigint);
        _setState = Prepare($"""
            UPDATE jobs SET state = $1, updated_at = $2, run_at = $3, finished_at = $4, reason = $5,
                owner = NULL, lease_until = NULL, cancel_requested = false, {Append("history", "$6")}
            WHERE id = $7
            """, NpgsqlDbType.Integer, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Bigint);
        _updateCount = Prepare("UPDATE job_state_counts SET count = count + $1 WHERE state = $2", NpgsqlDbType.Bigint, NpgsqlDbType.Integer);
        _notify = Prepare("SELECT pg_notify($1, $2)", NpgsqlDbType.Text, NpgsqlDbType.Text);
    }

    /// <summary>SQL that appends the JSON fragment in <paramref name="parameter"/> (skipped when null) to the JSON array in <paramref name="column"/>.</summary>
    /// <remarks>The arrays only grow at the end, so text concatenation replaces parsing and re-serializing them.</remarks>
    internal static string Append(string column, string parameter) =>
        $"{column} = CASE WHEN {parameter} IS NULL THEN {column} ELSE substr({column}, 1, length({column}) - 1) || CASE WHEN length({column}) > 2 THEN ',' ELSE '' END || {parameter} || ']' END";

    /// <summary>Set when the batch made jobs claimable, so the claimer should look.</summary>
    public bool WorkAvailable { get; private set; }

    /// <summary>The earliest run-at of a delayed job or retry the batch wrote, if any.</summary>
    public long? EarliestRunAt { get; private set; }

    /// <summary>The batch's clock (Unix ms), read once when the batch starts.</summary>
    public long NowMs { get; private set; }

    private void Claimable(long? runAt)
    {
        WorkAvailable = true;
        if (runAt is { } at && (EarliestRunAt is null || at < EarliestRunAt))
        {
            EarliestRunAt = at;
        }
    }

    public void Begin(long nowMs)
    {
        _transaction = _connection.BeginTransaction();
        NowMs = nowMs;
        _onRollback.Clear();
        Array.Clear(_countDeltas);
        _afterCommit.Clear();
        _events.Clear();
        _terminal.Clear();
        WorkAvailable = false;
        EarliestRunAt = null;
        _cancelRequested = false;
    }

    /// <summary>Resolves dependents, writes the net state-count changes (in state order, so two nodes' batches never deadlock on them),
    /// and queues the notification other nodes wake on; call last, before commit.</summary>
    public void Finish()
    {
        ResolveDependents();
        for (var s = 0; s < _countDeltas.Length; s++)
        {
            if (_countDeltas[s] != 0)
            {
                Run(_updateCount, _countDeltas[s], s);
            }
        }

        // Delivered at commit, and only if the batch commits.
        if (WorkAvailable || _cancelRequested)
        {
            Query(_notify, PostgresChannels.Work, PostgresChannels.WorkPayload(_self, WorkAvailable, EarliestRunAt)).Dispose();
        }
    }

    public void Commit()
    {
        _transaction!.Commit();
        _transaction.Dispose();
        _transaction = null;
    }

    public void Rollback()
    {
        if (_transaction is { } tx)
        {
            _transaction = null;
            try
            {
                tx.Rollback();
            }
            finally
            {
                tx.Dispose();
            }
        }
    }

    public IReadOnlyList<JobEvent> AfterCommit()
    {
        foreach (var action in _afterCommit)
        {
            action();
        }

        return _events;
    }

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

    private void Changed(long id, string type, string queue, JobState state, long atMs, JobProgress? progress = null) =>
        _events.Add(new JobEvent(id, type, queue, state, progress, DateTimeOffset.FromUnixTimeMilliseconds(atMs)));

    private NpgsqlCommand Prepare(string sql, params NpgsqlDbType[] types)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var t in types)
        {
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = t });
        }

        return command;
    }

    private static void Bind(NpgsqlCommand command, object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    private static int Run(NpgsqlCommand command, params object?[] values)
    {
        Bind(command, values);
        return command.ExecuteNonQuery();
    }

    private static NpgsqlDataReader Query(NpgsqlCommand command, params object?[] values)
    {
        Bind(command, values);
        return command.ExecuteReader();
    }

    /// <summary>An ad-hoc command inside the batch (admin operations, claims; positional parameters).</summary>
    public NpgsqlCommand Command(string sql, params object?[] values)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var v in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = v ?? DBNull.Value });
        }

        return command;
    }

    public void Dispose()
    {
        foreach (var c in new[] { _insert, _insertUnique, _insertTag, _insertDependency, _findUnique, _parentState, _processing, _complete, _progress, _log, _children, _anyDependency, _childEdges, _jobHead, _setState, _updateCount, _notify })
        {
            c.Dispose();
        }

        _transaction?.Dispose();
    }
}
