using Jobs.Scheduling.Model;

namespace Jobs.Dashboard.Actions;

/// <summary>What a user can do to a schedule from the dashboard.</summary>
internal enum ScheduleAction
{
    /// <summary>Stop an active schedule firing.</summary>
    Pause,
    /// <summary>Let a paused schedule fire again.</summary>
    Resume,
    /// <summary>Enqueue a run now, outside the timetable.</summary>
    Trigger,
    /// <summary>Create a new schedule.</summary>
    Create,
    /// <summary>Replace a schedule's definition.</summary>
    Edit,
    /// <summary>Remove a schedule (its past runs stay).</summary>
    Delete,
}

/// <summary>The one place that says which action a schedule allows; the schedule pages offer their buttons through it.</summary>
/// <remarks>
/// Mirrors <see cref="JobActionPolicy"/>: the state rules live here so that who may act (roles) can be added in the same
/// place, and no page carries its own copy of the rules.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "A service pages inject, so that who may act (roles) can join the state rules here.")]
internal sealed class ScheduleActionPolicy
{
    /// <summary>Whether <paramref name="action"/> is allowed on a schedule that is <paramref name="paused"/> or not.</summary>
    public bool Allows(ScheduleAction action, bool paused) => action switch
    {
        ScheduleAction.Pause => !paused,
        ScheduleAction.Resume => paused,
        ScheduleAction.Trigger or ScheduleAction.Create or ScheduleAction.Edit or ScheduleAction.Delete => true,
        _ => false,
    };

    /// <summary>Whether <paramref name="action"/> is allowed on <paramref name="schedule"/>.</summary>
    public bool Allows(ScheduleAction action, ScheduleInfo schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return Allows(action, schedule.Paused);
    }

    /// <summary>A tooltip: what the action does, or why it is not offered.</summary>
    public string Describe(ScheduleAction action, bool paused) => (action, Allows(action, paused)) switch
    {
        (ScheduleAction.Pause, true) => "Pause: no runs until resumed",
        (ScheduleAction.Pause, false) => "Already paused",
        (ScheduleAction.Resume, true) => "Resume: fire again (missed times follow the misfire policy)",
        (ScheduleAction.Resume, false) => "Already active",
        (ScheduleAction.Trigger, _) => "Run now (the overlap policy still applies)",
        (ScheduleAction.Create, _) => "Create a schedule",
        (ScheduleAction.Edit, _) => "Edit this schedule",
        (ScheduleAction.Delete, _) => "Delete this schedule (its past runs stay)",
        _ => action.ToString(),
    };
}
