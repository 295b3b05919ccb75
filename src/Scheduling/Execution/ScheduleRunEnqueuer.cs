using System.Globalization;
using Jobs.Client;
using Jobs.Model;
using Jobs.Scheduling.Model;
using Jobs.Scheduling.Triggers;
using Microsoft.Extensions.Logging;

namespace Jobs.Scheduling.Execution;

/// <summary>Enqueues one run of a schedule into the engine, applying the schedule's overlap policy.</summary>
/// <remarks>
/// Every run carries tag <c>schedule:&lt;name&gt;</c> and metadata <c>schedule</c> and <c>scheduleFireTime</c>
/// (ISO-8601 UTC), so a user can go from a schedule to its runs and from a job to the fire that made it.
/// Overlap: <em>skip</em> looks at the newest run by tag and also enqueues with the tag as unique key, so two fires
/// racing (a timed fire and "trigger now") still leave one unfinished run; <em>queue</em> makes the new run depend on
/// the newest unfinished one (on completion, whatever its outcome), so runs follow each other; <em>allow</em> just enqueues.
/// </remarks>
internal sealed partial class ScheduleRunEnqueuer(IJobClient client, IJobQueries queries, ILogger<ScheduleRunEnqueuer> logger)
{
    /// <summary>Metadata key: the schedule's name.</summary>
    public const string ScheduleMetadataKey = "schedule";

    /// <summary>Metadata key: the fire time that enqueued the run, ISO-8601 UTC.</summary>
    public const string FireTimeMetadataKey = "scheduleFireTime";

    /// <summary>Enqueues the run for <paramref name="fireTime"/>, or skips it when the overlap policy says so.</summary>
    /// <exception cref="JobValidationException">When the engine refuses the job (for example its type is no longer registered).</exception>
    public async Task<ScheduleFireOutcome> EnqueueAsync(ScheduleDefinition schedule, DateTimeOffset fireTime, bool manual, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var tag = ScheduleKeys.Tag(schedule.Name);
        IReadOnlyList<JobDependency>? dependsOn = null;
        string? uniqueKey = null;
        if (schedule.Overlap != ScheduleOverlapPolicy.Allow)
        {
            var page = await queries.ListAsync(new JobFilter { Tag = tag }, cursor: null, limit: 1, cancellationToken).ConfigureAwait(false);
            if (page.Items.Count > 0 && page.Items[0] is { } latest && !latest.State.IsFinal())
            {
                if (schedule.Overlap == ScheduleOverlapPolicy.Skip)
                {
                    return Skip(schedule, fireTime, latest.Id, latest.State);
                }

                dependsOn = [JobDependency.On(latest.Id, DependencyCondition.OnCompletion)];
            }

            if (schedule.Overlap == ScheduleOverlapPolicy.Skip)
            {
                uniqueKey = tag;
            }
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ScheduleMetadataKey] = schedule.Name,
            [FireTimeMetadataKey] = fireTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        };
        if (manual)
        {
            metadata["scheduleTrigger"] = "manual";
        }

        var result = await client.EnqueueAsync(new JobRequest
        {
            Type = schedule.JobType,
            Arguments = schedule.Arguments,
            Queue = schedule.Queue,
            Priority = schedule.Priority,
            Tags = [tag],
            Metadata = metadata,
            UniqueKey = uniqueKey,
            DependsOn = dependsOn,
        }, cancellationToken).ConfigureAwait(false);

        if (result.Existing)
        {
            return Skip(schedule, fireTime, result.JobId, result.State);
        }

        LogEnqueued(schedule.Name, fireTime, result.JobId);
        return new ScheduleFireOutcome(result.JobId, Skipped: false);
    }

    private ScheduleFireOutcome Skip(ScheduleDefinition schedule, DateTimeOffset fireTime, long jobId, JobState state)
    {
        LogSkipped(schedule.Name, fireTime, jobId, state);
        return new ScheduleFireOutcome(jobId, Skipped: true, $"The previous run (job {jobId}) is still {state}; overlap policy is skip.");
    }

    [LoggerMessage(LogLevel.Information, "Schedule {Schedule} fired for {FireTime:o}: enqueued job {JobId}")]
    private partial void LogEnqueued(string schedule, DateTimeOffset fireTime, long jobId);

    [LoggerMessage(LogLevel.Information, "Schedule {Schedule} fired for {FireTime:o}: skipped, the previous run (job {JobId}) is still {State}")]
    private partial void LogSkipped(string schedule, DateTimeOffset fireTime, long jobId, JobState state);
}
