using Quartz;

namespace Jobs.Scheduling.Triggers;

/// <summary>How schedules are named inside Quartz: one job and one trigger per schedule, both keyed by the schedule's name.</summary>
internal static class ScheduleKeys
{
    /// <summary>The Quartz group holding every schedule (and nothing else).</summary>
    public const string Group = "schedules";

    /// <summary>The Quartz group for the scheduler's own bookkeeping (the defaults-seeded marker).</summary>
    public const string MetaGroup = "scheduling-meta";

    /// <summary>The job data key holding the schedule definition as JSON.</summary>
    public const string DefinitionKey = "definition";

    /// <summary>The tag every run of a schedule carries: <c>schedule:&lt;name&gt;</c>.</summary>
    public static string Tag(string name) => "schedule:" + name;

    public static JobKey Job(string name) => new(name, Group);

    public static TriggerKey Trigger(string name) => new(name, Group);
}
