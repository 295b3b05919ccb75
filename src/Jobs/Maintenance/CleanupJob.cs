using System.Text.Json.Serialization;
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
/// <param name="FilesMaxAge">Files kept beside jobs (processed inbox files, say) older than this are deleted by the <see cref="ICleanupContributor"/>s (default: <paramref name="FailedMaxAge"/>'s value).</param>
public sealed record CleanupArgs(TimeSpan? SucceededMaxAge = null, TimeSpan? FailedMaxAge = null, TimeSpan? FilesMaxAge = null);

/// <summary>What the <c>cleanup</c> job deleted.</summary>
/// <param name="Succeeded">Succeeded jobs deleted.</param>
/// <param name="Failed">Dead-lettered and cancelled jobs deleted.</param>
/// <param name="Files">Files and folders the contributors deleted (artifacts of deleted jobs, old processed files).</param>
/// <remarks><paramref name="Files"/> is left out of the JSON when 0, so the result reads as before when no contributor deleted anything.</remarks>
public sealed record CleanupResult(int Succeeded, int Failed, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Files = 0);

/// <summary>Something that keeps files beside jobs and cleans them up when the <c>cleanup</c> job runs, after the jobs are deleted.</summary>
/// <remarks>The seam lets features outside the engine's store (artifacts, the sample domain's inbox) share one retention job and its arguments.</remarks>
public interface ICleanupContributor
{
    /// <summary>Deletes what is past <paramref name="maxAge"/> at <paramref name="now"/> or belongs to deleted jobs; returns how many files or folders it deleted.</summary>
    Task<int> CleanUpAsync(TimeSpan maxAge, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>The retention clean-up: deletes finished jobs (with their logs) past their age.</summary>
internal sealed class CleanupJob(IJobStore store, TimeProvider time, IOptions<JobEngineOptions> options, IEnumerable<ICleanupContributor> contributors) : IJobHandler<CleanupArgs, CleanupResult>
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
        var filesAge = args.FilesMaxAge ?? failedAge;
        if (succeededAge < TimeSpan.Zero || failedAge < TimeSpan.Zero || filesAge < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(args), "Retention ages must not be negative.");
        }

        context.ReportProgress(0, "Deleting succeeded jobs");
        var succeeded = await store.DeleteFinishedAsync([JobState.Succeeded], (now - succeededAge).ToUnixTimeMilliseconds(), context.CancellationToken);
        context.ReportProgress(0.5, "Deleting dead-lettered and cancelled jobs");
        var failed = await store.DeleteFinishedAsync([JobState.DeadLettered, JobState.Cancelled], (now - failedAge).ToUnixTimeMilliseconds(), context.CancellationToken);
        context.ReportProgress(0.8, "Deleting old files");
        var files = 0;
        foreach (var contributor in contributors)
        {
            files += await contributor.CleanUpAsync(filesAge, now, context.CancellationToken);
        }

        context.Logger.LogInformation("Deleted {Succeeded} succeeded and {Failed} dead-lettered or cancelled jobs, and {Files} files", succeeded, failed, files);
        context.ReportProgress(1, "Done");
        return new CleanupResult(succeeded, failed, files);
    }
}
