using System.Text.Json;
using Jobs.Model;
using Jobs.Scheduling.Model;

namespace Jobs.Dashboard.Api.Schedules;

/// <summary>The body of <c>POST /api/schedules</c> and <c>PUT /api/schedules/{id}</c>: a whole schedule definition.</summary>
/// <remarks>
/// Like <c>POST /api/jobs</c>, the arguments are a JSON value (<c>args</c>), not JSON in a string. Give exactly one
/// of <c>cron</c>, <c>every</c> or <c>runAt</c>. Absent fields take the definition's defaults (queue <c>default</c>,
/// priority normal, time zone UTC, misfire fire-once, overlap skip); a PUT replaces the whole definition.
/// </remarks>
internal sealed record ScheduleBody
{
    /// <summary>The unique name. Required on create; on update it may be left out, else it must equal the id.</summary>
    public string? Name { get; init; }

    /// <summary>What the schedule is for.</summary>
    public string? Description { get; init; }

    /// <summary>The registered job type to enqueue.</summary>
    public string? JobType { get; init; }

    /// <summary>The job's arguments.</summary>
    public JsonElement? Args { get; init; }

    /// <summary>The queue.</summary>
    public string? Queue { get; init; }

    /// <summary>The jobs' priority.</summary>
    public JobPriority? Priority { get; init; }

    /// <summary>A cron expression (5 fields, or Quartz's 6/7 with seconds first).</summary>
    public string? Cron { get; init; }

    /// <summary>An interval: <c>15m</c>, <c>every 2 hours</c>.</summary>
    public string? Every { get; init; }

    /// <summary>A one-off time.</summary>
    public DateTimeOffset? RunAt { get; init; }

    /// <summary>The IANA time zone.</summary>
    public string? TimeZone { get; init; }

    /// <summary>No fire before this time.</summary>
    public DateTimeOffset? StartAt { get; init; }

    /// <summary>No fire after this time.</summary>
    public DateTimeOffset? EndAt { get; init; }

    /// <summary><c>fire-once</c>, <c>skip</c> or <c>fire-all</c>.</summary>
    public ScheduleMisfirePolicy? Misfire { get; init; }

    /// <summary>With fire-all: the most missed times enqueued.</summary>
    public int? MisfireCap { get; init; }

    /// <summary><c>skip</c>, <c>queue</c> or <c>allow</c>.</summary>
    public ScheduleOverlapPolicy? Overlap { get; init; }

    /// <summary>The definition the schedule service validates.</summary>
    public ScheduleDefinition ToDefinition()
    {
        var definition = new ScheduleDefinition
        {
            Name = Name ?? "",
            Description = Description,
            JobType = JobType ?? "",
            Arguments = Args is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } args ? args.GetRawText() : null,
            Queue = Queue,
            Cron = Cron,
            Every = Every,
            RunAt = RunAt,
            TimeZone = TimeZone,
            StartAt = StartAt,
            EndAt = EndAt,
        };
        definition.Priority = Priority ?? definition.Priority;
        definition.Misfire = Misfire ?? definition.Misfire;
        definition.MisfireCap = MisfireCap ?? definition.MisfireCap;
        definition.Overlap = Overlap ?? definition.Overlap;
        return definition;
    }
}
