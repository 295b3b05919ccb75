using System.Security.Claims;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Dashboard.Auth;

/// <summary>Records every action that changes something, with who did it and when, and answers "what happened to this target".</summary>
/// <remarks>
/// The API, the pages and the CLI call <see cref="RecordAsync"/> after a change succeeds; job and schedule pages
/// show <see cref="ListForTargetAsync"/>. Entries are never edited or deleted by the application.
/// </remarks>
internal interface IAuditLog
{
    /// <summary>Stores one entry, stamped with the current time.</summary>
    Task RecordAsync(AuditRecord record, CancellationToken cancellationToken = default);

    /// <summary>The entries about one target (e.g. <c>job</c> + <c>"42"</c>, <c>schedule</c> + <c>"nightly-etl"</c>), newest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ListForTargetAsync(string targetType, string targetId, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>The latest entries of any target, newest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ListRecentAsync(int limit = 100, CancellationToken cancellationToken = default);
}

/// <summary>What to record.</summary>
/// <param name="Actor">Who: a user name, <c>apikey:&lt;name&gt;</c>, <c>cli</c> or <c>local</c> (see <see cref="AuditActor"/>).</param>
/// <param name="Action">What, from <see cref="AuditActions"/>.</param>
/// <param name="TargetType">The kind of thing changed, from <see cref="AuditTargets"/>.</param>
/// <param name="TargetId">Which one (job id, schedule name, key name), or null for actions on a whole set (purge all).</param>
/// <param name="Details">A short free-text addition, e.g. "12 jobs" or the changed fields.</param>
internal sealed record AuditRecord(string Actor, string Action, string TargetType, string? TargetId, string? Details = null);

/// <summary>A recorded entry.</summary>
internal sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, string Action, string TargetType, string? TargetId, string? Details);

/// <summary>Action names stored in the audit log.</summary>
internal static class AuditActions
{
    public const string JobEnqueue = "job.enqueue";
    public const string JobCancel = "job.cancel";
    public const string JobRetry = "job.retry";
    public const string JobDelete = "job.delete";
    /// <summary>Finished jobs older than a retention deleted (<c>jobs cleanup</c>); the target id is empty, the details say how many.</summary>
    public const string JobCleanup = "job.cleanup";
    /// <summary>A pipeline submitted (<c>POST /api/pipelines</c>, <c>pipelines submit</c>); the target is the pipeline's name, the details its steps' job ids.</summary>
    public const string PipelineSubmit = "pipeline.submit";
    public const string DeadLetterRetry = "dlq.retry";
    public const string DeadLetterPurge = "dlq.purge";
    public const string ScheduleCreate = "schedule.create";
    public const string ScheduleUpdate = "schedule.update";
    public const string ScheduleDelete = "schedule.delete";
    public const string SchedulePause = "schedule.pause";
    public const string ScheduleResume = "schedule.resume";
    public const string ScheduleTrigger = "schedule.trigger";
    public const string ApiKeyCreate = "apikey.create";
    public const string ApiKeyRevoke = "apikey.revoke";
    public const string UserCreate = "user.create";
    public const string UserRemove = "user.remove";
}

/// <summary>Target types stored in the audit log.</summary>
internal static class AuditTargets
{
    public const string Job = "job";
    public const string DeadLetter = "dlq";
    public const string Pipeline = "pipeline";
    public const string Schedule = "schedule";
    public const string ApiKey = "apikey";
    public const string User = "user";
}

/// <summary>The audit name of whoever makes a request.</summary>
internal static class AuditActor
{
    /// <summary>The actor for changes made through the CLI on this machine.</summary>
    public const string Cli = "cli";

    /// <summary>The actor for jobs started by the seed's <c>POST /admin/run-jobs</c>, which has its own key and no user.</summary>
    public const string AdminTrigger = "admin-trigger";

    /// <summary>The user name, <c>apikey:&lt;name&gt;</c> for an API key, or <c>anonymous</c>.</summary>
    public static string Of(ClaimsPrincipal? principal) =>
        principal?.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : "anonymous";
}

/// <summary>Shorthands for recording what the signed-in principal of a request or circuit did.</summary>
internal static class AuditLogExtensions
{
    /// <summary>Records <paramref name="action"/> on <paramref name="targetType"/>/<paramref name="targetId"/> by <paramref name="user"/>.</summary>
    /// <example><c>await audit.RecordAsync(httpContext.User, AuditActions.JobCancel, AuditTargets.Job, id.ToString(CultureInfo.InvariantCulture), cancellationToken: ct);</c></example>
    public static Task RecordAsync(this IAuditLog audit, ClaimsPrincipal? user, string action, string targetType, string? targetId, string? details = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audit);
        return audit.RecordAsync(new AuditRecord(AuditActor.Of(user), action, targetType, targetId, details), cancellationToken);
    }
}

/// <summary>The EF Core implementation of <see cref="IAuditLog"/> over <see cref="AuthDbContext"/>.</summary>
internal sealed class AuditLog(IDbContextFactory<AuthDbContext> contexts, TimeProvider time) : IAuditLog
{
    /// <summary>The most entries one query returns.</summary>
    public const int MaxLimit = 1000;

    public async Task RecordAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrWhiteSpace(record.Actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(record.Action);
        ArgumentException.ThrowIfNullOrWhiteSpace(record.TargetType);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.AuditEntries.Add(new AuditEntryEntity
        {
            At = time.GetUtcNow(),
            Actor = record.Actor,
            Action = record.Action,
            TargetType = record.TargetType,
            TargetId = record.TargetId,
            Details = record.Details,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListForTargetAsync(string targetType, string targetId, int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(targetType);
        ArgumentNullException.ThrowIfNull(targetId);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Project(db.AuditEntries.Where(e => e.TargetType == targetType && e.TargetId == targetId), limit, cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListRecentAsync(int limit = 100, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Project(db.AuditEntries, limit, cancellationToken);
    }

    private static async Task<IReadOnlyList<AuditEntry>> Project(IQueryable<AuditEntryEntity> entries, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
        return await entries
            .OrderByDescending(e => e.Id)
            .Take(limit)
            .Select(e => new AuditEntry(e.Id, e.At, e.Actor, e.Action, e.TargetType, e.TargetId, e.Details))
            .ToListAsync(cancellationToken);
    }
}
