using Jobs.Model;

namespace Jobs.Dashboard.Actions;

/// <summary>What an operator can do to a job from the dashboard.</summary>
internal enum JobAction
{
    /// <summary>Stop a waiting or running job.</summary>
    Cancel,
    /// <summary>Run a failed, dead-lettered or cancelled job again.</summary>
    Retry,
    /// <summary>Remove a finished job with its logs.</summary>
    Delete,
}

/// <summary>The one place that says which action a job's state allows; every page greys its buttons out through it.</summary>
/// <remarks>
/// The rules mirror what the engine accepts (it answers a conflict otherwise), so a button is never offered that
/// the engine would refuse. Who may act (roles) belongs here too, so pages never carry their own copy of the rules.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "A service pages inject, so that who may act (roles) can join the state rules here.")]
internal sealed class JobActionPolicy
{
    /// <summary>Whether <paramref name="action"/> is allowed on a job in <paramref name="state"/>.</summary>
    public bool Allows(JobAction action, JobState state) => action switch
    {
        JobAction.Cancel => !state.IsFinal(),
        JobAction.Retry => state is JobState.Failed or JobState.DeadLettered or JobState.Cancelled,
        JobAction.Delete => state.IsFinal(),
        _ => false,
    };

    /// <summary>Whether <paramref name="action"/> is allowed on any of the given states (for a selection).</summary>
    public bool AllowsAny(JobAction action, IEnumerable<JobState> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        return states.Any(s => Allows(action, s));
    }

    /// <summary>A tooltip: what the action does, or why it is greyed out.</summary>
    public string Describe(JobAction action, JobState state) => (action, Allows(action, state)) switch
    {
        (JobAction.Cancel, true) => "Cancel this job",
        (JobAction.Cancel, false) => $"A {state} job has finished and cannot be cancelled",
        (JobAction.Retry, true) => "Run this job again",
        (JobAction.Retry, false) => $"Only failed, dead-lettered or cancelled jobs can be retried (this one is {state})",
        (JobAction.Delete, true) => "Delete this job and its logs",
        (JobAction.Delete, false) => $"Only finished jobs can be deleted (this one is {state}); cancel it first",
        _ => action.ToString(),
    };
}
