using Jobs.Client;
using Jobs.Scheduling.Configuration;
using Jobs.Scheduling.Model;
using Jobs.Scheduling.Services;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace Jobs.Scheduling.Execution;

/// <summary>The Quartz job behind every schedule: it only enqueues the schedule's job into the engine.</summary>
/// <remarks>
/// Quartz owns time; the engine owns execution. Nothing here runs the work, so a slow job never holds a Quartz
/// thread, and a failed enqueue is logged rather than retried by Quartz (the next fire tries again).
/// </remarks>
internal sealed partial class ScheduleRunQuartzJob(
    ScheduleRunEnqueuer enqueuer,
    TimeProvider time,
    IOptions<JobSchedulingOptions> options,
    ILogger<ScheduleRunQuartzJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var schedule = ScheduleDefinitionJson.Read(context.JobDetail.JobDataMap);
        if (schedule is null)
        {
            LogNoDefinition(context.JobDetail.Key.Name);
            return;
        }

        var fireTime = context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
        if (schedule.Misfire == ScheduleMisfirePolicy.FireAll
            && !MissedFirePolicy.ShouldEnqueue(context.Trigger, fireTime, time.GetUtcNow(), options.Value.MisfireThreshold, schedule.MisfireCap))
        {
            LogOverCap(schedule.Name, fireTime, schedule.MisfireCap);
            return;
        }

        try
        {
            await enqueuer.EnqueueAsync(schedule, fireTime, manual: false, cancellationToken).ConfigureAwait(false);
        }
        catch (JobValidationException ex)
        {
            LogRefused(ex, schedule.Name, fireTime, ex.Message);
        }
    }

    [LoggerMessage(LogLevel.Error, "Schedule job {Name} has no definition; nothing enqueued")]
    private partial void LogNoDefinition(string name);

    [LoggerMessage(LogLevel.Information, "Schedule {Schedule}: missed fire {FireTime:o} dropped, only the latest {Cap} missed fires are enqueued")]
    private partial void LogOverCap(string schedule, DateTimeOffset fireTime, int cap);

    [LoggerMessage(LogLevel.Error, "Schedule {Schedule} fired for {FireTime:o} but the engine refused the job: {Reason}")]
    private partial void LogRefused(Exception exception, string schedule, DateTimeOffset fireTime, string reason);
}
