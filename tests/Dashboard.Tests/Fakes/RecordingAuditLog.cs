using Jobs.Dashboard.Auth;

namespace Jobs.Dashboard.Tests.Fakes;

/// <summary>An in-memory audit log that keeps what components record, in order, and answers lists from it.</summary>
internal sealed class RecordingAuditLog(TimeProvider time) : IAuditLog
{
    private readonly List<AuditEntry> _entries = [];

    /// <summary>Everything recorded, oldest first.</summary>
    public IReadOnlyList<AuditEntry> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public Task RecordAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_entries)
        {
            _entries.Add(new AuditEntry(_entries.Count + 1, time.GetUtcNow(), record.Actor, record.Action, record.TargetType, record.TargetId, record.Details));
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEntry>> ListForTargetAsync(string targetType, string targetId, int limit = 100, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AuditEntry>>([.. Entries.Where(e => e.TargetType == targetType && e.TargetId == targetId).Reverse().Take(limit)]);

    public Task<IReadOnlyList<AuditEntry>> ListRecentAsync(int limit = 100, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AuditEntry>>([.. Entries.AsEnumerable().Reverse().Take(limit)]);
}
