using System.Text.Json.Serialization;

namespace Jobs.Scheduling.Model;

/// <summary>What a schedule does about fire times it missed (the app was down, or the schedule paused).</summary>
/// <remarks>In JSON and on the command line: <c>fire-once</c>, <c>skip</c>, <c>fire-all</c>.</remarks>
[JsonConverter(typeof(JsonStringEnumConverter<ScheduleMisfirePolicy>))]
public enum ScheduleMisfirePolicy
{
    /// <summary>Fire once as soon as possible for all missed times together, then keep the normal rhythm (APScheduler's coalesce).</summary>
    [JsonStringEnumMemberName("fire-once")]
    FireOnce,

    /// <summary>Drop missed times; wait for the next regular one.</summary>
    [JsonStringEnumMemberName("skip")]
    Skip,

    /// <summary>Fire for every missed time, at most <see cref="ScheduleDefinition.MisfireCap"/> of them (the latest ones).</summary>
    [JsonStringEnumMemberName("fire-all")]
    FireAll,
}

/// <summary>What a schedule does when its previous run is still queued, scheduled or running.</summary>
/// <remarks>In JSON and on the command line: <c>skip</c>, <c>queue</c>, <c>allow</c>.</remarks>
[JsonConverter(typeof(JsonStringEnumConverter<ScheduleOverlapPolicy>))]
public enum ScheduleOverlapPolicy
{
    /// <summary>Enqueue nothing while a previous run is unfinished (APScheduler's max_instances=1).</summary>
    [JsonStringEnumMemberName("skip")]
    Skip,

    /// <summary>Enqueue a run that waits for the previous one to finish, so runs never overlap but none is lost.</summary>
    [JsonStringEnumMemberName("queue")]
    Queue,

    /// <summary>Enqueue regardless: runs may overlap.</summary>
    [JsonStringEnumMemberName("allow")]
    Allow,
}

/// <summary>The kind of trigger a schedule has.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ScheduleTriggerKind>))]
public enum ScheduleTriggerKind
{
    /// <summary>A cron expression.</summary>
    [JsonStringEnumMemberName("cron")]
    Cron,

    /// <summary>A fixed interval.</summary>
    [JsonStringEnumMemberName("interval")]
    Interval,

    /// <summary>One time only.</summary>
    [JsonStringEnumMemberName("once")]
    Once,
}

/// <summary>The command-line and JSON names of the policies, for parsing options.</summary>
public static class SchedulePolicyNames
{
    /// <summary>Reads <c>fire-once</c>, <c>skip</c> or <c>fire-all</c> (case-insensitive).</summary>
    public static bool TryParseMisfire(string? text, out ScheduleMisfirePolicy policy)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "FIRE-ONCE" or "FIREONCE":
                policy = ScheduleMisfirePolicy.FireOnce;
                return true;
            case "SKIP":
                policy = ScheduleMisfirePolicy.Skip;
                return true;
            case "FIRE-ALL" or "FIREALL":
                policy = ScheduleMisfirePolicy.FireAll;
                return true;
            default:
                policy = default;
                return false;
        }
    }

    /// <summary>Reads <c>skip</c>, <c>queue</c> or <c>allow</c> (case-insensitive).</summary>
    public static bool TryParseOverlap(string? text, out ScheduleOverlapPolicy policy)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "SKIP":
                policy = ScheduleOverlapPolicy.Skip;
                return true;
            case "QUEUE":
                policy = ScheduleOverlapPolicy.Queue;
                return true;
            case "ALLOW":
                policy = ScheduleOverlapPolicy.Allow;
                return true;
            default:
                policy = default;
                return false;
        }
    }

    /// <summary>The name a policy has on the command line and in JSON.</summary>
    public static string Name(this ScheduleMisfirePolicy policy) => policy switch
    {
        ScheduleMisfirePolicy.FireOnce => "fire-once",
        ScheduleMisfirePolicy.Skip => "skip",
        ScheduleMisfirePolicy.FireAll => "fire-all",
        _ => policy.ToString(),
    };

    /// <summary>The name a policy has on the command line and in JSON.</summary>
    public static string Name(this ScheduleOverlapPolicy policy) => policy switch
    {
        ScheduleOverlapPolicy.Skip => "skip",
        ScheduleOverlapPolicy.Queue => "queue",
        ScheduleOverlapPolicy.Allow => "allow",
        _ => policy.ToString(),
    };
}
