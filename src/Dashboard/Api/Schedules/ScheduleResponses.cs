using System.Text.Json;
using Jobs.Model;
using Jobs.Scheduling.Model;

namespace Jobs.Dashboard.Api.Schedules;

/// <summary>A schedule as <c>GET /api/schedules[/{id}]</c> and <c>schedules list|show --json</c> show it: the definition, its timing and its last run.</summary>
/// <remarks>The definition's fields have the names the create and update bodies use, so a client can edit what it read and send it back.</remarks>
internal sealed record ScheduleResponse
{
    /// <summary>The unique name; it is the id in <c>/api/schedules/{id}</c>.</summary>
    public required string Name { get; init; }

    /// <summary>What the schedule is for.</summary>
    public string? Description { get; init; }

    /// <summary>The job type it enqueues.</summary>
    public required string JobType { get; init; }

    /// <summary>The job's arguments (JSON), or null for none.</summary>
    public JsonElement? Args { get; init; }

    /// <summary>The queue its jobs go to.</summary>
    public string? Queue { get; init; }

    /// <summary>Its jobs' priority.</summary>
    public required JobPriority Priority { get; init; }

    /// <summary>Which trigger it has: cron, interval or once.</summary>
    public required ScheduleTriggerKind Kind { get; init; }

    /// <summary>The cron expression, for a cron schedule.</summary>
    public string? Cron { get; init; }

    /// <summary>The interval ("15m"), for an interval schedule.</summary>
    public string? Every { get; init; }

    /// <summary>The one-off time, for a one-off schedule.</summary>
    public DateTimeOffset? RunAt { get; init; }

    /// <summary>The IANA time zone the trigger is read in.</summary>
    public string? TimeZone { get; init; }

    /// <summary>No fire before this time.</summary>
    public DateTimeOffset? StartAt { get; init; }

    /// <summary>No fire after this time.</summary>
    public DateTimeOffset? EndAt { get; init; }

    /// <summary>What happens to fire times missed while down or paused.</summary>
    public required ScheduleMisfirePolicy Misfire { get; init; }

    /// <summary>With fire-all: the most missed times enqueued.</summary>
    public required int MisfireCap { get; init; }

    /// <summary>What happens when the previous run is unfinished.</summary>
    public required ScheduleOverlapPolicy Overlap { get; init; }

    /// <summary>The trigger in plain words.</summary>
    public required string Summary { get; init; }

    /// <summary>Whether it is paused.</summary>
    public required bool Paused { get; init; }

    /// <summary>The next fire time, if any.</summary>
    public DateTimeOffset? NextFireTime { get; init; }

    /// <summary>The last fire time, if any.</summary>
    public DateTimeOffset? PreviousFireTime { get; init; }

    /// <summary>The newest run it enqueued, if any.</summary>
    public ScheduleRunResponse? LastRun { get; init; }

    /// <summary>Builds the response from the service's view of a schedule.</summary>
    public static ScheduleResponse From(ScheduleInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var d = info.Definition;
        return new ScheduleResponse
        {
            Name = d.Name,
            Description = d.Description,
            JobType = d.JobType,
            Args = ArgsOf(d.Arguments),
            Queue = d.Queue,
            Priority = d.Priority,
            Kind = info.Kind,
            Cron = d.Cron,
            Every = d.Every,
            RunAt = d.RunAt,
            TimeZone = d.TimeZone,
            StartAt = d.StartAt,
            EndAt = d.EndAt,
            Misfire = d.Misfire,
            MisfireCap = d.MisfireCap,
            Overlap = d.Overlap,
            Summary = info.Summary,
            Paused = info.Paused,
            NextFireTime = info.NextFireTime,
            PreviousFireTime = info.PreviousFireTime,
            LastRun = info.LastRun is { } run ? ScheduleRunResponse.From(run) : null,
        };
    }

    // Stored definitions hold validated JSON text; anything unreadable is shown as the string it is rather than lost.
    private static JsonElement? ArgsOf(string? arguments)
    {
        if (string.IsNullOrWhiteSpace(arguments))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(arguments);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(arguments);
        }
    }
}

/// <summary>One job a schedule enqueued: its outcome and how long it ran.</summary>
/// <param name="JobId">The job's id (<c>/api/jobs/{jobId}</c>).</param>
/// <param name="State">Its state; the outcome once finished.</param>
/// <param name="EnqueuedAt">When the schedule enqueued it.</param>
/// <param name="StartedAt">When its last attempt started.</param>
/// <param name="FinishedAt">When it finished.</param>
/// <param name="Duration">Start to finish, once finished.</param>
/// <param name="Finished">Whether it has finished.</param>
internal sealed record ScheduleRunResponse(long JobId, JobState State, DateTimeOffset EnqueuedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, TimeSpan? Duration, bool Finished)
{
    /// <summary>Builds the response from the service's run.</summary>
    public static ScheduleRunResponse From(ScheduleRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new(run.JobId, run.State, run.EnqueuedAt, run.StartedAt, run.FinishedAt, run.Duration, run.Finished);
    }
}

/// <summary>A schedule's recent runs, newest first: <c>GET /api/schedules/{id}/runs</c>.</summary>
/// <param name="Schedule">The schedule's name.</param>
/// <param name="Items">The runs.</param>
internal sealed record ScheduleRunsResponse(string Schedule, IReadOnlyList<ScheduleRunResponse> Items);

/// <summary>What a manual trigger did: <c>POST /api/schedules/{id}/trigger</c> and <c>schedules trigger --json</c>.</summary>
/// <param name="Schedule">The schedule's name.</param>
/// <param name="JobId">The job enqueued.</param>
internal sealed record ScheduleTriggerResponse(string Schedule, long JobId);

/// <summary>The next fire times of a trigger: <c>GET /api/schedules/preview</c> and <c>schedules preview --json</c>.</summary>
/// <param name="Summary">The trigger in plain words.</param>
/// <param name="TimeZone">The zone the trigger is read in.</param>
/// <param name="FireTimes">The next fire times, in UTC.</param>
internal sealed record SchedulePreviewResponse(string Summary, string TimeZone, IReadOnlyList<DateTimeOffset> FireTimes);
