using System.Globalization;
using Jobs.Client;
using Jobs.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Jobs.Storage;

/// <summary>The read side of every store: EF Core queries, each served by an index, identical on SQLite and PostgreSQL.</summary>
/// <remarks>Provider-specific tuning (SQLite's INDEXED BY hints) lives on each store's write path, never here.</remarks>
/// <param name="createContext">Opens a context on the store's database (the provider's own derived context).</param>
/// <param name="time">The clock that decides whether a node's heartbeat is stale.</param>
/// <param name="nodeStaleAfter">How old a node's last heartbeat may be before the node counts as gone (the lease duration).</param>
internal sealed class EfJobQueries(Func<JobsDbContext> createContext, TimeProvider time, TimeSpan nodeStaleAfter) : IJobQueries
{
    public async Task<JobDetails?> GetAsync(long jobId, CancellationToken cancellationToken = default)
    {
        await using var db = createContext();
        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null)
        {
            return null;
        }

        var logs = await db.JobLogs.AsNoTracking().Where(l => l.JobId == jobId).OrderBy(l => l.Id).ToListAsync(cancellationToken);
        var dependsOn = await (from d in db.JobDependencies.AsNoTracking()
                               where d.ChildId == jobId
                               join p in db.Jobs on d.ParentId equals p.Id into parents
                               from p in parents.DefaultIfEmpty()
                               select new { d.ParentId, d.Condition, Type = p == null ? null : p.Type, State = p == null ? (int?)null : p.State })
                              .ToListAsync(cancellationToken);
        var dependents = await (from d in db.JobDependencies.AsNoTracking()
                                where d.ParentId == jobId
                                join c in db.Jobs on d.ChildId equals c.Id
                                select new { d.ChildId, d.Condition, c.Type, c.State })
                               .ToListAsync(cancellationToken);
        return new JobDetails
        {
            Summary = ToSummary(job),
            Arguments = job.Arguments,
            Result = job.Result,
            Metadata = JsonFragments.ParseMetadata(job.Metadata),
            UniqueKey = job.UniqueKey,
            Timeout = job.TimeoutMs is { } t ? TimeSpan.FromMilliseconds(t) : null,
            History = JsonFragments.ParseHistory(job.History),
            Attempts = JsonFragments.ParseAttempts(job.Attempts),
            Logs = [.. logs.Select(l => new JobLogLine(l.Attempt, DateTimeOffset.FromUnixTimeMilliseconds(l.At), (LogLevel)l.Level, l.Message))],
            DependsOn = [.. dependsOn.Select(d => new JobLink(d.ParentId, d.Type ?? "(deleted)", d.State is { } s ? (JobState)s : JobState.Cancelled, (DependencyCondition)d.Condition))],
            Dependents = [.. dependents.Select(d => new JobLink(d.ChildId, d.Type, (JobState)d.State, (DependencyCondition)d.Condition))],
            Owner = job.Owner,
        };
    }

    public async Task<JobPage> ListAsync(JobFilter filter, string? cursor = null, int limit = 50, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 500);
        long? before = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            if (!long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var c) || c <= 0)
            {
                throw new JobValidationException("cursor", "The cursor is not one this server issued.");
            }

            before = c;
        }

        await using var db = createContext();
        IQueryable<JobEntity> query = db.Jobs.AsNoTracking();
        var ascending = filter.OldestFirst;
        if (before is { } beforeId)
        {
            query = ascending ? query.Where(j => j.Id > beforeId) : query.Where(j => j.Id < beforeId);
        }

        if (filter.State is { } state)
        {
            query = query.Where(j => j.State == (int)state);
        }

        if (!string.IsNullOrEmpty(filter.Type))
        {
            query = query.Where(j => j.Type == filter.Type);
        }

        if (!string.IsNullOrEmpty(filter.Queue))
        {
            query = query.Where(j => j.Queue == filter.Queue);
        }

        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                query = query.Where(j => j.Id == id || j.Type.Contains(text) || (j.Arguments != null && j.Arguments.Contains(text)));
            }
            else
            {
                query = query.Where(j => j.Type.Contains(text) || j.Queue.Contains(text)
                    || (j.Arguments != null && j.Arguments.Contains(text))
                    || (j.LastErrorMessage != null && j.LastErrorMessage.Contains(text))
                    || (j.Tags != null && j.Tags.Contains(text)));
            }
        }

        List<JobEntity> rows;
        if (!string.IsNullOrEmpty(filter.Tag))
        {
            // Driven by the tag index (tag, job_id), newest first, so a page never sorts or scans all of a tag's jobs.
            var tagged = db.JobTags.Where(t => t.Tag == filter.Tag);
            if (before is { } tagBefore)
            {
                tagged = ascending ? tagged.Where(t => t.JobId > tagBefore) : tagged.Where(t => t.JobId < tagBefore);
            }

            var joined = from t in tagged
                         join j in query on t.JobId equals j.Id
                         select new { t.JobId, Job = j };
            joined = ascending ? joined.OrderBy(x => x.JobId) : joined.OrderByDescending(x => x.JobId);
            rows = await joined.Select(x => x.Job).Take(limit + 1).ToListAsync(cancellationToken);
        }
        else
        {
            var ordered = ascending ? query.OrderBy(j => j.Id) : query.OrderByDescending(j => j.Id);
            rows = await ordered.Take(limit + 1).ToListAsync(cancellationToken);
        }

        var items = rows.Take(limit).Select(ToSummary).ToList();
        var next = rows.Count > limit ? items[^1].Id.ToString(CultureInfo.InvariantCulture) : null;
        return new JobPage(items, next);
    }

    public async Task<IReadOnlyDictionary<JobState, long>> CountByStateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = createContext();
        var rows = await db.JobStateCounts.AsNoTracking().ToListAsync(cancellationToken);
        var counts = Enum.GetValues<JobState>().ToDictionary(s => s, _ => 0L);
        foreach (var r in rows)
        {
            counts[(JobState)r.State] = r.Count;
        }

        return counts;
    }

    public async Task<IReadOnlyList<DeadLetterGroup>> DeadLetterGroupsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = createContext();
        var groups = await db.Jobs.AsNoTracking()
            .Where(j => j.State == (int)JobState.DeadLettered)
            .GroupBy(j => new { j.Type, j.LastErrorType })
            .Select(g => new { g.Key.Type, g.Key.LastErrorType, Count = g.LongCount(), Last = g.Max(j => j.FinishedAt ?? j.UpdatedAt), Sample = g.Max(j => j.LastErrorMessage) })
            .ToListAsync(cancellationToken);
        return [.. groups
            .OrderByDescending(g => g.Count)
            .Select(g => new DeadLetterGroup(g.Type, g.LastErrorType, g.Count, DateTimeOffset.FromUnixTimeMilliseconds(g.Last), g.Sample))];
    }

    public async Task<QueueOverview> GetQueueOverviewAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var sinceMs = since.ToUnixTimeMilliseconds();
        await using var db = createContext();
        var ready = db.Jobs.AsNoTracking().Where(j => j.State == (int)JobState.Enqueued);
        var byQueue = await ready
            .GroupBy(j => j.Queue)
            .Select(g => new { Queue = g.Key, Count = g.LongCount() })
            .ToListAsync(cancellationToken);

        // Ids grow with enqueue time, so the lowest ready id is the longest waiting (a retry or delayed job counts from its run-at).
        var oldest = await ready.OrderBy(j => j.Id).Select(j => (long?)(j.RunAt ?? j.CreatedAt)).FirstOrDefaultAsync(cancellationToken);

        // Served by the finished-at index: only the last window's rows are read.
        var finished = await db.Jobs.AsNoTracking()
            .Where(j => j.FinishedAt != null && j.FinishedAt >= sinceMs)
            .GroupBy(j => j.State)
            .Select(g => new { State = g.Key, Count = g.LongCount() })
            .ToListAsync(cancellationToken);
        long Finished(JobState state) => finished.Where(f => f.State == (int)state).Sum(f => f.Count);

        return new QueueOverview(
            byQueue.OrderBy(q => q.Queue, StringComparer.Ordinal).ToDictionary(q => q.Queue, q => q.Count, StringComparer.Ordinal),
            oldest is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
            since,
            Finished(JobState.Succeeded),
            Finished(JobState.DeadLettered),
            Finished(JobState.Cancelled));
    }

    public async Task<IReadOnlyList<NodeInfo>> ListNodesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = createContext();
        var rows = await db.Nodes.AsNoTracking().OrderBy(n => n.Name).ThenBy(n => n.StartedAt).ToListAsync(cancellationToken);
        var staleBefore = time.GetUtcNow().Subtract(nodeStaleAfter).ToUnixTimeMilliseconds();
        return [.. rows.Select(n => new NodeInfo
        {
            Owner = n.Owner,
            Name = n.Name,
            Host = n.Host,
            ProcessId = n.ProcessId,
            Workers = n.Workers,
            Running = n.Running,
            StartedAt = DateTimeOffset.FromUnixTimeMilliseconds(n.StartedAt),
            LastHeartbeat = DateTimeOffset.FromUnixTimeMilliseconds(n.LastHeartbeat),
            Gone = n.LastHeartbeat < staleBefore,
        })];
    }

    internal static JobSummary ToSummary(JobEntity j) => new()
    {
        Id = j.Id,
        Type = j.Type,
        Queue = j.Queue,
        Priority = (JobPriority)j.Priority,
        State = (JobState)j.State,
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(j.CreatedAt),
        RunAt = Time(j.RunAt),
        StartedAt = Time(j.StartedAt),
        FinishedAt = Time(j.FinishedAt),
        Attempt = j.Attempt,
        MaxRetries = j.MaxRetries,
        Progress = j.Progress is { } p ? new JobProgress(p, j.ProgressMessage, j.ProgressCurrent, j.ProgressTotal) : null,
        Tags = JsonFragments.ParseTags(j.Tags),
        LastErrorType = j.LastErrorType,
        LastErrorMessage = j.LastErrorMessage,
        Reason = j.Reason,
    };

    private static DateTimeOffset? Time(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}
