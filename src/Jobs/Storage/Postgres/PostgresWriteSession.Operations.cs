using Jobs.Client;
using Jobs.Model;
using Jobs.Processing;
using Jobs.Retries;
using NpgsqlTypes;

namespace Jobs.Storage.Postgres;

internal sealed partial class PostgresWriteSession
{
    /// <summary>Inserts a batch. Unique keys and dependency states are decided here, inside the transaction.</summary>
    /// <remarks>Jobs of a queue with a concurrency limit are never owned at insert: they are claimed under the queue's lock, so the limit holds across nodes.</remarks>
    public void Insert(IReadOnlyList<NewJob> jobs, string owner, long leaseUntilMs)
    {
        var now = NowMs;
        for (var i = 0; i < jobs.Count; i++)
        {
            var job = jobs[i];
            job.Existing = false;
            job.Owned = false;
            if (job.UniqueKey is not null && FindUnique(job))
            {
                continue;
            }

            var state = job.RunAtMs > now ? JobState.Scheduled : JobState.Enqueued;
            string? reason = null;
            var combined = DependencyStatus.Satisfied;
            for (var k = 0; k < job.DependsOn.Count; k++)
            {
                var dep = job.DependsOn[k];
                long parentId;
                JobState? parentState;
                if (dep.ParentId is { } pid)
                {
                    parentId = pid;
                    using var parent = Query(_parentState, pid);
                    if (!parent.Read())
                    {
                        throw MissingParent(k, pid);
                    }

                    parentState = (JobState)parent.GetInt32(0);
                }
                else
                {
                    var parent = jobs[dep.BatchIndex!.Value];
                    parentId = parent.Id;
                    parentState = parent.State;
                }

                var edge = DependencyRules.Evaluate(dep.Condition, parentState);
                if (edge == DependencyStatus.Impossible && combined != DependencyStatus.Impossible)
                {
                    reason = DependencyRules.ImpossibleReason(parentId, dep.Condition, parentState);
                }

                combined = DependencyRules.Combine(combined, edge);
            }

            if (combined == DependencyStatus.Impossible)
            {
                state = JobState.Cancelled;
            }
            else if (combined == DependencyStatus.Pending)
            {
                state = JobState.AwaitingDependencies;
            }

            var owned = job.OwnLocally && state == JobState.Enqueued && !_queueLimits.ContainsKey(job.Queue);
            var insert = job.UniqueKey is null ? _insert : _insertUnique;
            Bind(insert,
            [
                job.Type, job.Queue, (int)job.Priority, (int)state, job.Arguments,
                now, job.RunAtMs, job.MaxRetries, job.RetryDelayMs, job.RetryBackoff,
                job.RetryJitter, job.TimeoutMs,
                owned ? owner : null, owned ? leaseUntilMs : null, owned ? 1L : 0L,
                job.UniqueKey, JsonFragments.Tags(job.Tags), JsonFragments.Metadata(job.Metadata),
                reason, "[" + JsonFragments.History(state, now, reason) + "]",
                state == JobState.Cancelled ? now : null,
            ]);
            var inserted = insert.ExecuteScalar();
            if (inserted is null)
            {
                // Lost the race for the unique key to a node that committed it meanwhile: that job is the one.
                if (!FindUnique(job))
                {
                    throw new InvalidOperationException($"Unique key '{job.UniqueKey}' conflicted, but no live job holds it.");
                }

                continue;
            }

            job.Id = (long)inserted;
            job.State = state;
            job.Owned = owned;
            job.LeaseVersion = owned ? 1 : 0;
            foreach (var tag in job.Tags)
            {
                Run(_insertTag, tag, job.Id);
            }

            foreach (var dep in job.DependsOn)
            {
                var parentId = dep.ParentId ?? jobs[dep.BatchIndex!.Value].Id;
                Run(_insertDependency, job.Id, parentId, (int)dep.Condition);
            }

            Moved(null, state);
            Changed(job.Id, job.Type, job.Queue, state, now);
            if (state is JobState.Scheduled || (state is JobState.Enqueued && !owned))
            {
                Claimable(state is JobState.Scheduled ? job.RunAtMs : null);
            }
        }
    }

    private bool FindUnique(NewJob job)
    {
        using var found = Query(_findUnique, job.UniqueKey);
        if (!found.Read())
        {
            return false;
        }

        job.Id = found.GetInt64(0);
        job.State = (JobState)found.GetInt32(1);
        job.Existing = true;
        return true;
    }

    /// <summary>Records the start of an attempt, unless its completion already overtook it.</summary>
    public void Processing(JobTicket ticket)
    {
        if (ticket.Finished || ticket.StoredState != JobState.Enqueued)
        {
            return;
        }

        var rows = Run(_processing, ticket.StartedAtMs, ticket.Attempt, JsonFragments.History(JobState.Processing, ticket.StartedAtMs), ticket.Id, ticket.LeaseVersion);
        if (rows == 1)
        {
            Moved(JobState.Enqueued, JobState.Processing);
            ticket.StoredState = JobState.Processing;
            _onRollback.Add(() => ticket.StoredState = JobState.Enqueued);
        }
    }

    /// <summary>Writes an attempt's outcome, fenced by the lease version. False when the lease was lost.</summary>
    public bool Complete(JobTicket ticket, JobOutcome outcome, OutcomeJson json)
    {
        var at = outcome.AtMs;
        var history = ticket.StoredState == JobState.Processing ? json.Final : json.Processing + "," + json.Final;
        var final = outcome.State.IsFinal();
        var progress = outcome.StoredProgress;
        var rows = Run(_complete,
            (int)outcome.State, at, ticket.StartedAtMs > 0 ? ticket.StartedAtMs : null,
            final ? at : null, outcome.RunAtMs, ticket.Attempt, outcome.RetryCount,
            outcome.Result, progress?.Fraction, progress?.Message, progress?.Current,
            progress?.Total, outcome.Error?.Type, outcome.Error?.Message, outcome.Reason,
            history, json.Attempt, ticket.Id, ticket.LeaseVersion);
        if (rows == 0)
        {
            return false;
        }

        var previous = ticket.StoredState;
        Moved(previous, outcome.State);
        ticket.StoredState = outcome.State;
        _onRollback.Add(() => ticket.StoredState = previous);
        Changed(ticket.Id, ticket.Type, ticket.Queue, outcome.State, at, progress);
        if (final)
        {
            _terminal.Enqueue(ticket.Id);
        }
        else
        {
            Claimable(outcome.RunAtMs);
        }

        // A slot of a limited queue came free: nodes waiting for room must look again.
        if (_queueLimits.ContainsKey(ticket.Queue))
        {
            Claimable(null);
        }

        return true;
    }

    public void SaveProgress(IReadOnlyList<(JobTicket Ticket, JobProgress Progress)> snapshots)
    {
        foreach (var (ticket, p) in snapshots)
        {
            if (!ticket.Finished)
            {
                Run(_progress, p.Fraction, p.Message, p.Current, p.Total, NowMs, ticket.Id, ticket.LeaseVersion);
            }
        }
    }

    public void AppendLogs(IReadOnlyList<(long JobId, JobLogLine Line)> lines)
    {
        foreach (var (jobId, line) in lines)
        {
            Run(_log, jobId, line.Attempt, line.At.ToUnixTimeMilliseconds(), (int)line.Level, line.Message);
        }
    }

    /// <summary>Takes ownership of runnable jobs: due delayed jobs and retries, expired leases, then unowned queued jobs by priority.</summary>
    /// <remarks>
    /// Each kind is one statement that locks its candidates with <c>FOR UPDATE SKIP LOCKED</c> and takes them in the same
    /// step, so nodes claiming at once never wait for each other and never take the same job. A limited queue is claimed
    /// separately under a transaction-scoped advisory lock, counting the jobs every node holds in it, so the limit holds cluster-wide.
    /// </remarks>
    public List<JobTicket> Claim(string owner, long leaseUntilMs, int max)
    {
        var tickets = new List<JobTicket>();
        var limited = _queueLimits.Keys.ToArray();
        ClaimWhere(tickets, owner, leaseUntilMs, max, "AND NOT (queue = ANY($5))", limited);
        foreach (var (queue, limit) in _queueLimits)
        {
            if (tickets.Count >= max)
            {
                break;
            }

            using (var lockQueue = Command("SELECT pg_advisory_xact_lock(hashtext('jobs.queue:' || $1))", queue))
            {
                lockQueue.ExecuteNonQuery();
            }

            long held;
            using (var count = Command("SELECT count(*) FROM jobs WHERE queue = $1 AND owner IS NOT NULL AND state IN (2, 3) AND lease_until >= $2", queue, NowMs))
            {
                held = (long)count.ExecuteScalar()!;
            }

            var room = (int)Math.Min(limit - held, max - tickets.Count);
            if (room > 0)
            {
                ClaimWhere(tickets, owner, leaseUntilMs, room, "AND queue = $5", queue);
            }
        }

        return tickets;
    }

    private void ClaimWhere(List<JobTicket> tickets, string owner, long leaseUntilMs, int max, string queueFilter, object queueValue)
    {
        var now = NowMs;
        var enqueued = JsonFragments.History(JobState.Enqueued, now);
        // $1 owner, $2 lease until, $3 now, $4 max, $5 queue filter, $6 history entry for a due job.
        var kinds = new[]
        {
            (Select: $"SELECT id, state AS old_state, owner AS old_owner FROM jobs WHERE state IN (0, 5) AND run_at <= $3 {queueFilter} ORDER BY run_at LIMIT $4 FOR UPDATE SKIP LOCKED",
                History: "$6::text"),
            (Select: $"SELECT id, state AS old_state, owner AS old_owner FROM jobs WHERE owner IS NOT NULL AND lease_until < $3 AND state IN (2, 3) {queueFilter} LIMIT $4 FOR UPDATE SKIP LOCKED",
                History: "json_build_object('state', 2, 'at', $3::bigint, 'reason', 'The lease of ' || c.old_owner || ' expired; running again (at-least-once).')::text"),
            (Select: $"SELECT id, state AS old_state, owner AS old_owner FROM jobs WHERE state = 2 AND owner IS NULL {queueFilter} ORDER BY priority DESC, id LIMIT $4 FOR UPDATE SKIP LOCKED",
                History: "NULL::text"),
        };
        foreach (var (select, historySql) in kinds)
        {
            var left = max - tickets.Count;
            if (left <= 0)
            {
                return;
            }

            using var command = Command($"""
                WITH c AS ({select})
                UPDATE jobs j SET state = 2, owner = $1, lease_until = $2, lease_version = j.lease_version + 1, updated_at = $3, run_at = NULL,
                    {Append("history", historySql)}
                FROM c WHERE j.id = c.id
                RETURNING j.id, c.old_state, j.type, j.queue, j.priority, j.args, j.attempt, j.retry_count, j.max_retries, j.retry_delay_ms,
                    j.retry_backoff, j.retry_jitter, j.timeout_ms, j.tags, j.metadata, j.lease_version
                """, owner, leaseUntilMs, now, left, queueValue, enqueued);
            command.Parameters[0].NpgsqlDbType = NpgsqlDbType.Text;
            command.Parameters[1].NpgsqlDbType = NpgsqlDbType.Bigint;
            command.Parameters[2].NpgsqlDbType = NpgsqlDbType.Bigint;
            command.Parameters[3].NpgsqlDbType = NpgsqlDbType.Integer;
            command.Parameters[4].NpgsqlDbType = queueValue is string[] ? NpgsqlDbType.Array | NpgsqlDbType.Text : NpgsqlDbType.Text;
            command.Parameters[5].NpgsqlDbType = NpgsqlDbType.Text;
            using var r = command.ExecuteReader();
            while (r.Read())
            {
                var id = r.GetInt64(0);
                var state = (JobState)r.GetInt32(1);
                var ticket = new JobTicket
                {
                    Id = id,
                    Type = r.GetString(2),
                    Queue = r.GetString(3),
                    Priority = (JobPriority)r.GetInt32(4),
                    Arguments = r.IsDBNull(5) ? null : r.GetString(5),
                    Attempt = r.GetInt32(6),
                    RetryCount = r.GetInt32(7),
                    Retry = new RetryPolicy(r.GetInt32(8), TimeSpan.FromMilliseconds(r.GetInt64(9)), r.GetDouble(10), r.GetBoolean(11), TimeSpan.MaxValue),
                    Timeout = r.IsDBNull(12) ? null : TimeSpan.FromMilliseconds(r.GetInt64(12)),
                    Tags = JsonFragments.ParseTags(r.IsDBNull(13) ? null : r.GetString(13)),
                    Metadata = JsonFragments.ParseMetadata(r.IsDBNull(14) ? null : r.GetString(14)),
                    LeaseVersion = r.GetInt64(15),
                    StoredState = JobState.Enqueued,
                };
                tickets.Add(ticket);
                if (state != JobState.Enqueued)
                {
                    Moved(state, JobState.Enqueued);
                    Changed(id, ticket.Type, ticket.Queue, JobState.Enqueued, now);
                }
            }
        }
    }

    public void RenewLeases(string owner, long leaseUntilMs)
    {
        using var command = Command("UPDATE jobs SET lease_until = $1 WHERE owner = $2 AND state IN (2, 3)", leaseUntilMs, owner);
        command.ExecuteNonQuery();
    }

    public void Heartbeat(NodeHeartbeat node)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = NodeRows.Upsert;
        command.Parameters.AddWithValue("owner", node.Owner);
        command.Parameters.AddWithValue("name", node.Name);
        command.Parameters.AddWithValue("host", node.Host);
        command.Parameters.AddWithValue("pid", node.ProcessId);
        command.Parameters.AddWithValue("workers", node.Workers);
        command.Parameters.AddWithValue("running", node.Running);
        command.Parameters.AddWithValue("started", node.StartedAtMs);
        command.Parameters.AddWithValue("now", NowMs);
        command.ExecuteNonQuery();
    }

    public void Leave(string owner)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = NodeRows.Delete;
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("forgetBefore", NowMs - NodeRows.ForgetAfterMs);
        command.ExecuteNonQuery();
    }

    /// <summary>Gives back everything the owner holds: running jobs go back to Enqueued with a history entry.</summary>
    public int Release(string owner)
    {
        using var running = Command($"""
            UPDATE jobs SET state = 2, owner = NULL, lease_until = NULL, updated_at = $1, {Append("history", "$3::text")}
            WHERE owner = $2 AND state = 3
            """, NowMs, owner, JsonFragments.History(JobState.Enqueued, NowMs, "Requeued: the node shut down before the job finished."));
        var requeued = running.ExecuteNonQuery();
        _countDeltas[(int)JobState.Processing] -= requeued;
        _countDeltas[(int)JobState.Enqueued] += requeued;

        using var queued = Command("UPDATE jobs SET owner = NULL, lease_until = NULL WHERE owner = $1 AND state = 2", owner);
        var released = queued.ExecuteNonQuery() + requeued;
        if (released > 0)
        {
            Claimable(null);
        }

        return released;
    }

    private (JobState State, string Type, string Queue, long? RunAt, string? Owner, long? LeaseUntil)? Head(long id)
    {
        using var r = Query(_jobHead, id);
        if (!r.Read())
        {
            return null;
        }

        return ((JobState)r.GetInt32(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetInt64(3),
            r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetInt64(5));
    }

    private void SetState(long id, JobState from, JobState to, string type, string queue, string? reason, long? runAt = null)
    {
        Run(_setState, (int)to, NowMs, runAt, to.IsFinal() ? NowMs : null, reason, JsonFragments.History(to, NowMs, reason), id);
        Moved(from, to);
        Changed(id, type, queue, to, NowMs);
        if (to.IsFinal())
        {
            _terminal.Enqueue(id);
        }
        else if (to is JobState.Enqueued or JobState.Scheduled)
        {
            Claimable(to is JobState.Scheduled ? runAt : null);
        }
    }

    /// <summary>Cancels a job not running in this process. A job a live node holds gets a cancel request its owner acts on.</summary>
    public JobActionResult Cancel(long id, string? reason, string self)
    {
        if (Head(id) is not { } head)
        {
            return new(JobActionStatus.NotFound);
        }

        if (head.State.IsFinal())
        {
            return new(JobActionStatus.Conflict, head.State, $"Job {id} is already {head.State}; only waiting or running jobs can be cancelled.");
        }

        var heldElsewhere = head.Owner is not null && head.Owner != self && head.LeaseUntil >= NowMs;
        if (head.State == JobState.Processing || (head.State == JobState.Enqueued && heldElsewhere))
        {
            using var command = Command("UPDATE jobs SET cancel_requested = true, reason = $1 WHERE id = $2", reason, id);
            command.Parameters[0].NpgsqlDbType = NpgsqlDbType.Text;
            command.ExecuteNonQuery();
            _cancelRequested = true;
            return new(JobActionStatus.Done, head.State, "Cancellation requested; the worker running the job stops it.");
        }

        SetState(id, head.State, JobState.Cancelled, head.Type, head.Queue, reason ?? "Cancelled by a user.");
        return new(JobActionStatus.Done, JobState.Cancelled);
    }

    public JobActionResult Retry(long id)
    {
        if (Head(id) is not { } head)
        {
            return new(JobActionStatus.NotFound);
        }

        if (head.State is not (JobState.Failed or JobState.DeadLettered or JobState.Cancelled))
        {
            return new(JobActionStatus.Conflict, head.State, $"Job {id} is {head.State}; only failed, dead-lettered or cancelled jobs can be retried.");
        }

        using (var command = Command("UPDATE jobs SET retry_count = 0, finished_at = NULL WHERE id = $1", id))
        {
            command.ExecuteNonQuery();
        }

        SetState(id, head.State, JobState.Enqueued, head.Type, head.Queue, "Retried by a user.");
        return new(JobActionStatus.Done, JobState.Enqueued);
    }

    public JobActionResult Delete(long id)
    {
        if (Head(id) is not { } head)
        {
            return new(JobActionStatus.NotFound);
        }

        if (!head.State.IsFinal())
        {
            return new(JobActionStatus.Conflict, head.State, $"Job {id} is {head.State}; only finished jobs can be deleted (cancel it first).");
        }

        DeleteRows([id]);
        Removed(head.State);
        return new(JobActionStatus.Done, head.State);
    }

    public int DeleteFinished(IReadOnlyCollection<JobState> states, long beforeMs, int max)
    {
        var stateArray = states.Select(s => (int)s).ToArray();
        var ids = new List<long>();
        using (var command = Command("DELETE FROM jobs WHERE id IN (SELECT id FROM jobs WHERE finished_at < $1 AND state = ANY($2) LIMIT $3 FOR UPDATE SKIP LOCKED) RETURNING id, state", beforeMs, stateArray, max))
        {
            using var r = command.ExecuteReader();
            while (r.Read())
            {
                ids.Add(r.GetInt64(0));
                Removed((JobState)r.GetInt32(1));
            }
        }

        DeleteRows(ids, jobsAlreadyDeleted: true);
        return ids.Count;
    }

    private void DeleteRows(List<long> ids, bool jobsAlreadyDeleted = false)
    {
        if (ids.Count == 0)
        {
            return;
        }

        var array = ids.ToArray();
        var tables = jobsAlreadyDeleted
            ? new[] { "job_tags WHERE job_id", "job_logs WHERE job_id", "job_dependencies WHERE child_id" }
            : ["jobs WHERE id", "job_tags WHERE job_id", "job_logs WHERE job_id", "job_dependencies WHERE child_id"];
        foreach (var t in tables)
        {
            using var command = Command($"DELETE FROM {t} = ANY($1)", array);
            command.ExecuteNonQuery();
        }
    }

    private void ResolveDependents()
    {
        if (_terminal.Count > 0 && _anyDependency.ExecuteScalar() is false)
        {
            _terminal.Clear();
            return;
        }

        var children = new List<long>();
        while (_terminal.TryDequeue(out var parentId))
        {
            children.Clear();
            using (var r = Query(_children, parentId))
            {
                while (r.Read())
                {
                    children.Add(r.GetInt64(0));
                }
            }

            foreach (var child in children)
            {
                if (Head(child) is not { State: JobState.AwaitingDependencies } head)
                {
                    continue;
                }

                var combined = DependencyStatus.Satisfied;
                string? reason = null;
                using (var r = Query(_childEdges, child))
                {
                    while (r.Read())
                    {
                        var pid = r.GetInt64(0);
                        var condition = (DependencyCondition)r.GetInt32(1);
                        JobState? parentState = r.IsDBNull(2) ? null : (JobState)r.GetInt32(2);
                        var edge = DependencyRules.Evaluate(condition, parentState);
                        if (edge == DependencyStatus.Impossible && reason is null)
                        {
                            reason = DependencyRules.ImpossibleReason(pid, condition, parentState);
                        }

                        combined = DependencyRules.Combine(combined, edge);
                    }
                }

                if (combined == DependencyStatus.Impossible)
                {
                    SetState(child, head.State, JobState.Cancelled, head.Type, head.Queue, reason);
                }
                else if (combined == DependencyStatus.Satisfied)
                {
                    var to = head.RunAt > NowMs ? JobState.Scheduled : JobState.Enqueued;
                    SetState(child, head.State, to, head.Type, head.Queue, "Dependencies met.", head.RunAt);
                }
            }
        }
    }

    internal static JobValidationException MissingParent(int index, long parentId) =>
        new($"dependsOn[{index}]", $"Job {parentId} does not exist.");
}
