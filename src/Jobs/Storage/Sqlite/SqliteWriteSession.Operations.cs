using System.Text;
using Jobs.Client;
using Jobs.Model;
using Jobs.Processing;
using Jobs.Retries;

namespace Jobs.Storage.Sqlite;

internal sealed partial class SqliteWriteSession
{
    /// <summary>Inserts a batch. Unique keys and dependency states are decided here, inside the transaction.</summary>
    public void Insert(IReadOnlyList<NewJob> jobs, string owner, long leaseUntilMs)
    {
        var now = NowMs;
        for (var i = 0; i < jobs.Count; i++)
        {
            var job = jobs[i];
            job.Existing = false;
            job.Owned = false;
            if (job.UniqueKey is not null)
            {
                using var found = Query(_findUnique, job.UniqueKey);
                if (found.Read())
                {
                    job.Id = found.GetInt64(0);
                    job.State = (JobState)found.GetInt32(1);
                    job.Existing = true;
                    continue;
                }
            }

            if (job.EarlyStart is { } early && early.TakeForInsert())
            {
                InsertFinished(job, early);
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

            var owned = job.OwnLocally && state == JobState.Enqueued;
            _insert
                .Bind(1, job.Type).Bind(2, job.Queue).Bind(3, (long)job.Priority).Bind(4, (long)state).Bind(5, job.Arguments)
                .Bind(6, now).Bind(7, job.RunAtMs).Bind(8, job.MaxRetries).Bind(9, job.RetryDelayMs).Bind(10, job.RetryBackoff)
                .Bind(11, job.RetryJitter ? 1L : 0L).Bind(12, job.TimeoutMs)
                .Bind(13, owned ? owner : null).Bind(14, owned ? leaseUntilMs : null).Bind(15, owned ? 1L : 0L)
                .Bind(16, job.UniqueKey).Bind(17, JsonFragments.Tags(job.Tags)).Bind(18, JsonFragments.Metadata(job.Metadata))
                .Bind(19, reason).Bind(20, "[" + JsonFragments.History(state, now, reason) + "]")
                .Bind(21, state == JobState.Cancelled ? now : null).Bind(22, job.ReservedId)
                .Execute();
            job.Id = _insert.LastInsertRowId;

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

    /// <summary>Inserts a job whose first attempt ended before its insert ran (an early start), in the state it ended in.</summary>
    /// <remarks>The same columns <see cref="Insert"/> and <see cref="Complete"/> would have written one after the other.</remarks>
    private void InsertFinished(NewJob job, EarlyStart early)
    {
        var outcome = early.Outcome!;
        var at = outcome.AtMs;
        var final = outcome.State.IsFinal();
        var progress = outcome.StoredProgress;
        job.Id = job.ReservedId!.Value;
        _insertFinished
            .Bind(1, job.Id).Bind(2, job.Type).Bind(3, job.Queue).Bind(4, (long)job.Priority).Bind(5, (long)outcome.State)
            .Bind(6, job.Arguments).Bind(7, outcome.Result).Bind(8, early.CreatedAtMs).Bind(9, at).Bind(10, outcome.RunAtMs)
            .Bind(11, early.StartedAtMs).Bind(12, final ? at : null).Bind(13, outcome.RetryCount).Bind(14, job.MaxRetries)
            .Bind(15, job.RetryDelayMs).Bind(16, job.RetryBackoff).Bind(17, job.RetryJitter ? 1L : 0L).Bind(18, job.TimeoutMs)
            .Bind(19, JsonFragments.Tags(job.Tags)).Bind(20, JsonFragments.Metadata(job.Metadata))
            .Bind(21, progress?.Fraction).Bind(22, progress?.Message).Bind(23, progress?.Current).Bind(24, progress?.Total)
            .Bind(25, outcome.Error?.Type).Bind(26, outcome.Error?.Message).Bind(27, outcome.Reason)
            .Bind(28, early.History).Bind(29, early.Attempts)
            .Execute();
        job.State = outcome.State;
        job.Owned = false;
        job.LeaseVersion = 1;
        foreach (var tag in job.Tags)
        {
            Run(_insertTag, tag, job.Id);
        }

        OutcomeWritten(job.Id, job.Type, job.Queue, null, outcome, progress);
    }

    /// <summary>After an attempt's outcome is written: counts, the event, and what follows it, dependents resolved at the
    /// end of the batch for a final state, or the claimer told of a retry due or a requeued job.</summary>
    private void OutcomeWritten(long id, string type, string queue, JobState? from, JobOutcome outcome, JobProgress? progress)
    {
        Moved(from, outcome.State);
        Changed(id, type, queue, outcome.State, outcome.AtMs, progress);
        if (outcome.State.IsFinal())
        {
            _terminal.Enqueue(id);
        }
        else
        {
            Claimable(outcome.RunAtMs);
        }
    }

    /// <summary>Reserves <paramref name="count"/> job ids for early starts: returns the first; the block ends at first + count - 1.</summary>
    /// <remarks>
    /// Moves AUTOINCREMENT's high-water mark past the block, so no insert of any process (ours without a reserved id,
    /// the CLI, another node) can take one of its ids; unused ids of a block are simply never used.
    /// </remarks>
    public long ReserveIds(int count)
    {
        using (var seed = Command("INSERT INTO sqlite_sequence (name, seq) SELECT 'jobs', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'jobs')"))
        {
            seed.ExecuteNonQuery();
        }

        using var reserve = Command("UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT max(id) FROM jobs), 0)) + $count WHERE name = 'jobs' RETURNING seq");
        reserve.Parameters.AddWithValue("$count", count);
        var end = (long)reserve.ExecuteScalar()!;
        return end - count + 1;
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
        // A job that ended before the flusher recorded it as Processing gets both entries now.
        var history = ticket.StoredState == JobState.Processing ? json.Final : json.Processing + "," + json.Final;
        var final = outcome.State.IsFinal();
        var progress = outcome.StoredProgress;
        var rows = _complete
            .Bind(1, (long)outcome.State).Bind(2, at).Bind(3, ticket.StartedAtMs > 0 ? ticket.StartedAtMs : null)
            .Bind(4, final ? at : null).Bind(5, outcome.RunAtMs).Bind(6, ticket.Attempt).Bind(7, outcome.RetryCount)
            .Bind(8, outcome.Result).Bind(9, progress?.Fraction).Bind(10, progress?.Message).Bind(11, progress?.Current)
            .Bind(12, progress?.Total).Bind(13, outcome.Error?.Type).Bind(14, outcome.Error?.Message).Bind(15, outcome.Reason)
            .Bind(16, history).Bind(17, json.Attempt).Bind(18, ticket.Id).Bind(19, ticket.LeaseVersion)
            .Execute();
        if (rows == 0)
        {
            return false;
        }

        var previous = ticket.StoredState;
        ticket.StoredState = outcome.State;
        _onRollback.Add(() => ticket.StoredState = previous);
        OutcomeWritten(ticket.Id, ticket.Type, ticket.Queue, previous, outcome, progress);
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
    public List<JobTicket> Claim(string owner, long leaseUntilMs, int max)
    {
        var now = NowMs;
        var candidates = new List<(long Id, JobState State, string? Reason)>();
        var seen = new HashSet<long>();
        void Collect(string sql, Func<Microsoft.Data.Sqlite.SqliteDataReader, string?> reason)
        {
            if (candidates.Count >= max)
            {
                return;
            }

            using var command = Command(sql);
            command.Parameters.AddWithValue("$now", now);
            command.Parameters.AddWithValue("$max", max - candidates.Count);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var id = reader.GetInt64(0);
                if (seen.Add(id))
                {
                    candidates.Add((id, (JobState)reader.GetInt32(1), reason(reader)));
                }
            }
        }

        // INDEXED BY pins each query to the partial index built for it: without statistics SQLite's planner
        // took the (state, id) index instead and scanned every waiting job (1M stored, 150k waiting: 60 ms a query).
        Collect("SELECT id, state FROM jobs INDEXED BY ix_jobs_due WHERE state IN (0, 5) AND run_at <= $now ORDER BY run_at LIMIT $max", _ => null);
        Collect("SELECT id, state, owner FROM jobs INDEXED BY ix_jobs_lease WHERE owner IS NOT NULL AND lease_until < $now AND state IN (2, 3) LIMIT $max",
            r => $"The lease of {r.GetString(2)} expired; running again (at-least-once).");
        Collect("SELECT id, state FROM jobs INDEXED BY ix_jobs_claimable WHERE state = 2 AND owner IS NULL ORDER BY priority DESC, id LIMIT $max", _ => null);

        var tickets = new List<JobTicket>(candidates.Count);
        foreach (var (id, state, reason) in candidates)
        {
            var transition = state != JobState.Enqueued || reason is not null;
            using var r = Query(_claimOne, owner, leaseUntilMs, now, transition ? JsonFragments.History(JobState.Enqueued, now, reason) : null, id);
            if (!r.Read())
            {
                continue;
            }

            var ticket = new JobTicket
            {
                Id = id,
                Type = r.GetString(0),
                Queue = r.GetString(1),
                Priority = (JobPriority)r.GetInt32(2),
                Arguments = r.IsDBNull(3) ? null : r.GetString(3),
                Attempt = r.GetInt32(4),
                RetryCount = r.GetInt32(5),
                Retry = new RetryPolicy(r.GetInt32(6), TimeSpan.FromMilliseconds(r.GetInt64(7)), r.GetDouble(8), r.GetBoolean(9), TimeSpan.MaxValue),
                Timeout = r.IsDBNull(10) ? null : TimeSpan.FromMilliseconds(r.GetInt64(10)),
                Tags = JsonFragments.ParseTags(r.IsDBNull(11) ? null : r.GetString(11)),
                Metadata = JsonFragments.ParseMetadata(r.IsDBNull(12) ? null : r.GetString(12)),
                LeaseVersion = r.GetInt64(13),
                CreatedAtMs = r.GetInt64(14),
                StoredState = JobState.Enqueued,
            };
            tickets.Add(ticket);
            if (state != JobState.Enqueued)
            {
                Moved(state, JobState.Enqueued);
                Changed(id, ticket.Type, ticket.Queue, JobState.Enqueued, now);
            }
        }

        return tickets;
    }

    public void RenewLeases(string owner, long leaseUntilMs)
    {
        using var command = Command("UPDATE jobs SET lease_until = $until WHERE owner = $owner AND state IN (2, 3)");
        command.Parameters.AddWithValue("$until", leaseUntilMs);
        command.Parameters.AddWithValue("$owner", owner);
        command.ExecuteNonQuery();
    }

    /// <summary>Writes this node's row of <c>nodes</c>, stamped with the batch's clock.</summary>
    public void Heartbeat(NodeHeartbeat node)
    {
        using var command = Command(NodeRows.Upsert);
        command.Parameters.AddWithValue("@owner", node.Owner);
        command.Parameters.AddWithValue("@name", node.Name);
        command.Parameters.AddWithValue("@host", node.Host);
        command.Parameters.AddWithValue("@pid", node.ProcessId);
        command.Parameters.AddWithValue("@workers", node.Workers);
        command.Parameters.AddWithValue("@running", node.Running);
        command.Parameters.AddWithValue("@started", node.StartedAtMs);
        command.Parameters.AddWithValue("@now", NowMs);
        command.ExecuteNonQuery();
    }

    /// <summary>Removes this node's row (graceful stop) and the rows of nodes gone for longer than <see cref="NodeRows.ForgetAfterMs"/>.</summary>
    public void Leave(string owner)
    {
        using var command = Command(NodeRows.Delete);
        command.Parameters.AddWithValue("@owner", owner);
        command.Parameters.AddWithValue("@forgetBefore", NowMs - NodeRows.ForgetAfterMs);
        command.ExecuteNonQuery();
    }

    /// <summary>Gives back everything the owner holds: running jobs go back to Enqueued with a history entry.</summary>
    public int Release(string owner)
    {
        using var running = Command($"""
            UPDATE jobs SET state = 2, owner = NULL, lease_until = NULL, updated_at = $now, {AppendHistory}
            WHERE owner = $owner AND state = 3
            """);
        running.Parameters.AddWithValue("$now", NowMs);
        running.Parameters.AddWithValue("$owner", owner);
        running.Parameters.AddWithValue("$h", JsonFragments.History(JobState.Enqueued, NowMs, "Requeued: the node shut down before the job finished."));
        var requeued = running.ExecuteNonQuery();
        _countDeltas[(int)JobState.Processing] -= requeued;
        _countDeltas[(int)JobState.Enqueued] += requeued;

        using var queued = Command("UPDATE jobs SET owner = NULL, lease_until = NULL WHERE owner = $owner AND state = 2");
        queued.Parameters.AddWithValue("$owner", owner);
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
            using var command = Command("UPDATE jobs SET cancel_requested = 1, reason = $reason WHERE id = $id");
            command.Parameters.AddWithValue("$reason", (object?)reason ?? DBNull.Value);
            command.Parameters.AddWithValue("$id", id);
            command.ExecuteNonQuery();
            return new(JobActionStatus.Done, head.State, "Cancellation requested; the worker running the job stops it.");
        }

        SetState(id, head.State, JobState.Cancelled, head.Type, head.Queue, reason ?? "Cancelled by a user.");
        return new(JobActionStatus.Done, JobState.Cancelled);
    }

    /// <summary>Puts a failed, dead-lettered or cancelled job back in the queue with its retry count reset.</summary>
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

        using (var command = Command("UPDATE jobs SET retry_count = 0, finished_at = NULL WHERE id = $id"))
        {
            command.Parameters.AddWithValue("$id", id);
            command.ExecuteNonQuery();
        }

        SetState(id, head.State, JobState.Enqueued, head.Type, head.Queue, "Retried by a user.");
        return new(JobActionStatus.Done, JobState.Enqueued);
    }

    /// <summary>Deletes a finished job with its tags, logs and dependency edges.</summary>
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

    /// <summary>Deletes up to <paramref name="max"/> finished jobs of the given states that finished before the cut-off.</summary>
    public int DeleteFinished(IReadOnlyCollection<JobState> states, long beforeMs, int max)
    {
        var inList = string.Join(", ", states.Select(s => ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var ids = new List<long>();
        using (var command = Command($"DELETE FROM jobs WHERE id IN (SELECT id FROM jobs WHERE finished_at < $before AND state IN ({inList}) LIMIT $max) RETURNING id, state"))
        {
            command.Parameters.AddWithValue("$before", beforeMs);
            command.Parameters.AddWithValue("$max", max);
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

        var list = new StringBuilder();
        foreach (var id in ids)
        {
            list.Append(list.Length == 0 ? "" : ",").Append(id);
        }

        var tables = jobsAlreadyDeleted
            ? new[] { "job_tags WHERE job_id", "job_logs WHERE job_id", "job_dependencies WHERE child_id" }
            : ["jobs WHERE id", "job_tags WHERE job_id", "job_logs WHERE job_id", "job_dependencies WHERE child_id"];
        foreach (var t in tables)
        {
            using var command = Command($"DELETE FROM {t} IN ({list})");
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Moves dependents of the jobs that ended in this batch on: to the queue, or cancelled when they can never run.</summary>
    private void ResolveDependents()
    {
        // One look per batch: most stores hold no dependencies at all, and then no ended job needs its children looked up.
        if (_terminal.Count > 0 && _anyDependency.QueryInt64() == 0)
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
}
