using System.Security.Claims;
using Jobs.Dashboard.Auth;
using Jobs.Model;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;

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

/// <summary>The one place that says which action a job's state and the signed-in user's role allow; every page greys its buttons out through it.</summary>
/// <remarks>
/// The state rules mirror what the engine accepts (it answers a conflict otherwise), so a button is never offered that
/// the engine would refuse. The role rule is <see cref="AuthPolicies.Operator"/>: a viewer sees every button disabled.
/// One per circuit (scoped): pages call <see cref="LoadUserAsync"/> when they initialise; until then nothing is allowed,
/// so a page that forgets it shows disabled buttons rather than enabled ones. This only shapes the buttons: the
/// <see cref="JobActionRunner"/> checks the role again, server-side, before it acts.
/// </remarks>
internal sealed class JobActionPolicy(AuthenticationStateProvider authentication, IAuthorizationService authorization)
{
    private Task? _loading;

    /// <summary>Whether the signed-in user may change jobs (operator or admin); false until <see cref="LoadUserAsync"/> ran.</summary>
    public bool MayOperate { get; private set; }

    /// <summary>Why a user who may not change jobs sees the buttons disabled.</summary>
    public const string RoleReason = "Your role can only read: cancel, retry, delete, enqueue and dead-letter actions need the operator or admin role";

    /// <summary>Checks the signed-in user's role once per circuit; later calls return the same task.</summary>
    public Task LoadUserAsync() => _loading ??= LoadAsync();

    /// <summary>Whether <paramref name="action"/> is allowed on a job in <paramref name="state"/> for this user.</summary>
    public bool Allows(JobAction action, JobState state) => MayOperate && StateAllows(action, state);

    /// <summary>Whether a job in <paramref name="state"/> allows <paramref name="action"/> at all, whoever asks.</summary>
    public static bool StateAllows(JobAction action, JobState state) => action switch
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
    public string Describe(JobAction action, JobState state) => !MayOperate ? RoleReason : (action, StateAllows(action, state)) switch
    {
        (JobAction.Cancel, true) => "Cancel this job",
        (JobAction.Cancel, false) => $"A {state} job has finished and cannot be cancelled",
        (JobAction.Retry, true) => "Run this job again",
        (JobAction.Retry, false) => $"Only failed, dead-lettered or cancelled jobs can be retried (this one is {state})",
        (JobAction.Delete, true) => "Delete this job and its logs",
        (JobAction.Delete, false) => $"Only finished jobs can be deleted (this one is {state}); cancel it first",
        _ => action.ToString(),
    };

    /// <summary>The signed-in user when the Operator policy lets them change jobs, checked now; null otherwise.</summary>
    public async Task<(ClaimsPrincipal User, bool Allowed)> AuthorizeOperatorAsync()
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        var allowed = (await authorization.AuthorizeAsync(user, AuthPolicies.Operator)).Succeeded;
        return (user, allowed);
    }

    private async Task LoadAsync() => MayOperate = (await AuthorizeOperatorAsync()).Allowed;
}
