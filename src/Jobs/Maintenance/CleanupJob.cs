using Jobs.Configuration;
using Jobs.Handlers;
using Jobs.Model;
using Jobs.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jobs.Maintenance;

/// <summary>Arguments of the <c>cleanup</c> job. Unset ages take the configured retention.</summary>
/// <param name="SucceededMaxAge">Succeeded jobs older than this are deleted (default <c>JobEngine:SucceededRetention</c>, 24 hours).</param>
/// <param name="FailedMaxAge">Dead-lettered and cancelled jobs older than this are deleted (default <c>JobEngine:FailedRetention</c>, 7 days).</param>
public sealed record CleanupArgs(TimeSpan? SucceededMaxAge = null, TimeSpan? FailedMaxAge = null);

/// <summary>What the <c>cleanup</c> job deleted.</summary>
public sealed record CleanupResult(int Succeeded, int Failed);

/// <summary>The retention clean-up: deletes finished jobs (with their logs) past their age.</summary>
internal sealed class CleanupJob(IJobStore store, TimeProvider time, IOptions<JobEngineOptions> options) : IJobHandler<CleanupArgs, CleanupResult>
{
    /// <summary>The registered type name.</summary>
    public const string TypeName = "cleanup";

    public async Task<CleanupResult> HandleAsync(CleanupArgs args, IJobContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var now = time.GetUtcNow();
        var succeededAge = args.SucceededMaxAge ?? options.Value.SucceededRetention;
        var failedAge = args.FailedMaxAge ?? options.Value.FailedRetention;
        if (succeededAge < TimeSpan.Zero || failedAge < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(args), "Retention ages must not be negative.");
        }

        context.ReportProgress(0, "Deleting succeeded jobs");
        var succeeded = await store.DeleteFinishedAsync([JobState.Succeeded], (now - succeededAge).ToUnixTimeMilliseconds(), context.CancellationToken);
        context.ReportProgress(0.5, "Deleting dead-lettered and cancelled jobs");
        var failed = await store.DeleteFinishedAsync([JobState.DeadLettered, JobState.Cancelled], (now - failedAge).ToUnixTimeMilliseconds(), context.CancellationToken);
        context.Logger.LogInformation("Deleted {Succeeded} succeeded and {Failed} dead-lettered or cancelled jobs", succeeded, failed);
        context.ReportProgress(1, "Done");
        return new CleanupResult(succeeded, failed);
    }
}
