using System.Globalization;
using Jobs.BuiltIn.Pipeline;

namespace Jobs.Dashboard.Api.Audit;

/// <summary>The details text of audit entries, the same from the REST API and the CLI so the two read alike on a job.</summary>
internal static class AuditDetails
{
    /// <summary>A job id as the audit log's target id (with <c>AuditTargets.Job</c>).</summary>
    public static string JobId(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>A new job: its type (the rest is on the job itself).</summary>
    public static string Enqueued(string type) => $"type {type}";

    /// <summary>A cancel: the reason given, if any.</summary>
    public static string? Cancelled(string? reason) => string.IsNullOrWhiteSpace(reason) ? null : $"reason: {reason}";

    /// <summary>A dead-letter retry: how many were requeued, of which ids or of all.</summary>
    public static string DeadLetterRetried(int count, IReadOnlyCollection<long>? ids) => ids is null
        ? string.Create(CultureInfo.InvariantCulture, $"requeued {count} (all)")
        : string.Create(CultureInfo.InvariantCulture, $"requeued {count} of ids {string.Join(", ", ids.Distinct())}");

    /// <summary>A dead-letter retry of one group from the dashboard: how many, of which job type and error type.</summary>
    public static string DeadLetterGroupRetried(int count, string jobType, string? errorType) =>
        string.Create(CultureInfo.InvariantCulture, $"requeued {count} of group {jobType} / {errorType ?? "(no error type)"}");

    /// <summary>A dead-letter purge: how many, and the age limit if one was given.</summary>
    public static string DeadLetterPurged(int count, string? olderThan) => olderThan is null
        ? string.Create(CultureInfo.InvariantCulture, $"purged {count} (all)")
        : string.Create(CultureInfo.InvariantCulture, $"purged {count} older than {olderThan}");

    /// <summary>A retention clean-up: how many finished jobs, older than how many days.</summary>
    public static string CleanedUp(int count, int retentionDays) =>
        string.Create(CultureInfo.InvariantCulture, $"deleted {count} finished jobs older than {retentionDays} days");

    /// <summary>A submitted pipeline: each step with its job id, in the document's order (<c>load=12, check=13</c>).</summary>
    public static string PipelineSubmitted(PipelineSubmission submission) =>
        "steps " + string.Join(", ", submission.Steps.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Step}={s.JobId}")));
    /// <summary>A created or changed schedule: the job type it enqueues and its timetable, as the schedule list shows it.</summary>
    public static string Schedule(string jobType, string summary) => $"job {jobType}; {summary}";

    /// <summary>A manual trigger: the job it enqueued.</summary>
    public static string Triggered(long jobId) => string.Create(CultureInfo.InvariantCulture, $"job {jobId}");
}
