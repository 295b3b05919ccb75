using System.Security.Claims;
using Jobs.Dashboard.Api.Audit;
using Jobs.Dashboard.Auth;
using Jobs.Scheduling.Model;
using Jobs.Scheduling.Services;
using Jobs.Scheduling.Validation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Jobs.Dashboard.Actions;

/// <summary>Runs a user's action on a schedule: checks the policy, asks before deleting, calls the schedule service and says what happened in a snackbar.</summary>
/// <remarks>
/// One per circuit (scoped). Every schedule page acts only through this type, like <see cref="JobActionRunner"/> for
/// jobs: it checks the role when the click arrives (trigger needs operator, every edit admin, as in the REST API) and
/// records each change in the audit log. Validation errors of a save are not reported here: they are thrown to the
/// editor, which shows each at its field.
/// </remarks>
internal sealed class ScheduleActionRunner(
    IScheduleService schedules,
    ScheduleActionPolicy policy,
    IDialogService dialogs,
    ISnackbar snackbar,
    AuthenticationStateProvider authentication,
    IAuthorizationService authorization,
    IAuditLog audit)
{
    /// <summary>Pauses a schedule. Returns whether it was done.</summary>
    public Task<bool> PauseAsync(string name, bool paused, CancellationToken cancellationToken = default) =>
        ToggleAsync(ScheduleAction.Pause, name, paused, () => schedules.PauseAsync(name, cancellationToken));

    /// <summary>Resumes a paused schedule. Returns whether it was done.</summary>
    public Task<bool> ResumeAsync(string name, bool paused, CancellationToken cancellationToken = default) =>
        ToggleAsync(ScheduleAction.Resume, name, paused, () => schedules.ResumeAsync(name, cancellationToken));

    /// <summary>Enqueues a run now and says which job it is (with a link), or why nothing was enqueued.</summary>
    public async Task<ScheduleFireOutcome?> TriggerAsync(string name, bool paused, CancellationToken cancellationToken = default)
    {
        if (!Permitted(ScheduleAction.Trigger, paused) || await RequireRoleAsync(ScheduleAction.Trigger) is not { } user)
        {
            return null;
        }

        var outcome = await schedules.TriggerAsync(name, cancellationToken);
        if (outcome is { Skipped: false, JobId: { } enqueued })
        {
            await RecordAsync(user, AuditActions.ScheduleTrigger, name, AuditDetails.Triggered(enqueued));
        }

        switch (outcome)
        {
            case null:
                snackbar.Add($"Schedule {name} no longer exists.", Severity.Warning);
                break;
            case { Skipped: false, JobId: { } jobId }:
                snackbar.Add(JobLink($"Schedule {name} enqueued job #{jobId}.", jobId), Severity.Success, key: $"schedule-trigger-{jobId}");
                break;
            case { JobId: { } blocking }:
                snackbar.Add(JobLink($"Schedule {name} did not run: {outcome.Reason ?? "skipped"}", blocking), Severity.Warning, key: $"schedule-skip-{name}-{blocking}");
                break;
            default:
                snackbar.Add($"Schedule {name} did not run: {outcome.Reason ?? "skipped"}", Severity.Warning);
                break;
        }

        return outcome;
    }

    /// <summary>Deletes a schedule after confirmation. Returns whether it was deleted.</summary>
    public async Task<bool> DeleteAsync(string name, bool paused, CancellationToken cancellationToken = default)
    {
        if (!Permitted(ScheduleAction.Delete, paused) || await RequireRoleAsync(ScheduleAction.Delete) is not { } user)
        {
            return false;
        }

        var answer = await dialogs.ShowMessageBoxAsync(
            $"Delete schedule {name}?",
            "It stops firing and its definition is removed for good. The jobs it already enqueued stay.",
            yesText: $"Delete {name}",
            cancelText: "Keep");
        if (answer != true)
        {
            return false;
        }

        var deleted = await schedules.DeleteAsync(name, cancellationToken);
        if (deleted)
        {
            await RecordAsync(user, AuditActions.ScheduleDelete, name);
        }

        snackbar.Add(deleted ? $"Schedule {name} deleted." : $"Schedule {name} no longer exists.", deleted ? Severity.Success : Severity.Warning);
        return deleted;
    }

    /// <summary>Creates a schedule.</summary>
    /// <exception cref="ScheduleValidationException">When the service refuses the definition (nothing saved).</exception>
    public async Task<ScheduleInfo?> CreateAsync(ScheduleDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (!Permitted(ScheduleAction.Create, paused: false) || await RequireRoleAsync(ScheduleAction.Create) is not { } user)
        {
            return null;
        }

        var created = await schedules.CreateAsync(definition, cancellationToken);
        await RecordAsync(user, AuditActions.ScheduleCreate, created.Name, AuditDetails.Schedule(definition.JobType, created.Summary));
        snackbar.Add($"Schedule {created.Name} created: {created.Summary}.", Severity.Success);
        return created;
    }

    /// <summary>Replaces a schedule's definition. Null when the schedule no longer exists.</summary>
    /// <exception cref="ScheduleValidationException">When the service refuses the definition (nothing saved).</exception>
    public async Task<ScheduleInfo?> UpdateAsync(string name, ScheduleDefinition definition, bool paused, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (!Permitted(ScheduleAction.Edit, paused) || await RequireRoleAsync(ScheduleAction.Edit) is not { } user)
        {
            return null;
        }

        var updated = await schedules.UpdateAsync(name, definition, cancellationToken);
        if (updated is null)
        {
            snackbar.Add($"Schedule {name} no longer exists.", Severity.Warning);
            return null;
        }

        await RecordAsync(user, AuditActions.ScheduleUpdate, name, AuditDetails.Schedule(definition.JobType, updated.Summary));

        snackbar.Add($"Schedule {name} saved: {updated.Summary}.", Severity.Success);
        return updated;
    }

    private async Task<bool> ToggleAsync(ScheduleAction action, string name, bool paused, Func<Task<bool>> call)
    {
        if (!Permitted(action, paused) || await RequireRoleAsync(action) is not { } user)
        {
            return false;
        }

        var done = await call();
        if (done)
        {
            await RecordAsync(user, action == ScheduleAction.Pause ? AuditActions.SchedulePause : AuditActions.ScheduleResume, name);
        }

        snackbar.Add(
            !done ? $"Schedule {name} no longer exists." : action == ScheduleAction.Pause ? $"Schedule {name} paused." : $"Schedule {name} resumed.",
            done ? Severity.Success : Severity.Warning);
        return done;
    }

    /// <summary>What the signed-in user's role lets them do with schedules, so pages offer only those buttons (each click is checked again).</summary>
    public async Task<(bool MayTrigger, bool MayEdit)> UserMayAsync()
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        return ((await authorization.AuthorizeAsync(user, AuthPolicies.Operator)).Succeeded, (await authorization.AuthorizeAsync(user, AuthPolicies.Admin)).Succeeded);
    }

    /// <summary>The user, when their role may do <paramref name="action"/>: trigger needs operator, every edit admin (as in the REST API).</summary>
    private async Task<ClaimsPrincipal?> RequireRoleAsync(ScheduleAction action)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        var (policyName, role) = action == ScheduleAction.Trigger ? (AuthPolicies.Operator, "operator or admin") : (AuthPolicies.Admin, "admin");
        if ((await authorization.AuthorizeAsync(user, policyName)).Succeeded)
        {
            return user;
        }

        snackbar.Add($"Not allowed: {AuditActor.Of(user)} may not {action.ToString().ToLowerInvariant()} schedules; that needs the {role} role.", Severity.Error);
        return null;
    }

    // Not the page's token: the change is made, so leaving the page now must not erase who made it.
    private Task RecordAsync(ClaimsPrincipal user, string action, string name, string? details = null) =>
        audit.RecordAsync(user, action, AuditTargets.Schedule, name, details, CancellationToken.None);

    private bool Permitted(ScheduleAction action, bool paused)
    {
        if (policy.Allows(action, paused))
        {
            return true;
        }

        snackbar.Add(policy.Describe(action, paused), Severity.Warning);
        return false;
    }

    /// <summary>A snackbar message with a link to the job, so the user can follow the run it is about.</summary>
    private static RenderFragment JobLink(string text, long jobId) => builder =>
    {
        builder.OpenElement(0, "span");
        builder.AddContent(1, text + " ");
        builder.OpenElement(2, "a");
        builder.AddAttribute(3, "href", $"/jobs/{jobId}");
        builder.AddAttribute(4, "class", "snackbar-job-link");
        builder.AddAttribute(5, "style", "color: inherit; text-decoration: underline; font-weight: 600");
        builder.AddContent(6, $"Open job #{jobId}");
        builder.CloseElement();
        builder.CloseElement();
    };
}
