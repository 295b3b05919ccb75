using System.Text.Json;
using Jobs.Client;
using Jobs.Dashboard.Api.Audit;
using Jobs.Dashboard.Auth;
using Jobs.Model;
using Microsoft.Extensions.Options;

namespace Jobs.Dashboard.Api.Admin;

/// <summary>Runs the seed's tasks as engine jobs (<c>etl</c>, <c>heatmap</c>) and waits for each result.</summary>
/// <remarks>
/// The tasks run one after the other, in the order asked, as the seed did: the heatmap is meant to see what the ETL
/// just loaded. Each task is an ordinary job, so it shows in the dashboard with its logs and can be retried there.
/// The heatmap job gets <c>{"levels":[...],"date":"YYYY-MM-DD"}</c>; its result becomes the task's <c>results</c>.
/// Each job's enqueue is in the audit log as <see cref="AuditActor.AdminTrigger"/>.
/// </remarks>
internal sealed class AdminTaskRunner(IJobClient client, JobOutcomeAwaiter awaiter, IAuditLog audit, IOptions<AdminTriggerOptions> options)
{
    /// <summary>The ETL task and job type.</summary>
    public const string Etl = "etl";

    /// <summary>The heatmap task and job type.</summary>
    public const string Heatmap = "heatmap";

    /// <summary>The tasks this route knows, in their default order.</summary>
    public static IReadOnlyList<string> Tasks { get; } = [Etl, Heatmap];

    /// <summary>Runs one task and reports how it ended; failures are reported, not thrown.</summary>
    public async Task<RunJobsTaskResult> RunAsync(string task, IReadOnlyList<string> levels, DateOnly date, CancellationToken cancellationToken)
    {
        var args = task == Heatmap
            ? JsonSerializer.Serialize(new { levels, date = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) })
            : "{}";
        long jobId;
        try
        {
            var enqueued = await client.EnqueueAsync(
                new JobRequest { Type = task, Arguments = args, Tags = ["admin:run-jobs"], Metadata = new Dictionary<string, string> { ["trigger"] = "POST /admin/run-jobs" } },
                cancellationToken);
            jobId = enqueued.JobId;
            // Not the request's token: the job exists now, so who started it must be recorded even if the caller hangs up.
            await audit.RecordAsync(new AuditRecord(AuditActor.AdminTrigger, AuditActions.JobEnqueue, AuditTargets.Job, AuditDetails.JobId(jobId),
                $"{AuditDetails.Enqueued(task)} via POST /admin/run-jobs"), CancellationToken.None);
        }
        catch (JobValidationException ex)
        {
            return new RunJobsTaskResult("error", task, Error: ex.Message);
        }

        JobDetails? job;
        try
        {
            job = await awaiter.WaitAsync(jobId, options.Value.TaskTimeout, cancellationToken);
        }
        catch (TimeoutException ex)
        {
            return new RunJobsTaskResult("error", task, Error: ex.Message, JobId: jobId);
        }

        if (job is null)
        {
            return new RunJobsTaskResult("error", task, Error: $"Job {jobId} was deleted before it finished.", JobId: jobId);
        }

        if (job.Summary.State != JobState.Succeeded)
        {
            var error = job.Attempts.LastOrDefault(a => a.Error is not null)?.Error;
            var reason = error is not null ? $"{error.Type}: {error.Message}" : job.Summary.Reason ?? $"The job ended {job.Summary.State}.";
            return new RunJobsTaskResult("error", task, Error: reason, JobId: jobId);
        }

        var result = Parse(job.Result);
        return task == Heatmap
            ? new RunJobsTaskResult("ok", task, Results: result ?? JsonDocument.Parse("[]").RootElement.Clone(), JobId: jobId)
            : new RunJobsTaskResult("ok", task, Result: result, JobId: jobId);
    }

    private static JsonElement? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }
}
