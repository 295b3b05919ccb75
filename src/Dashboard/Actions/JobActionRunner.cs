using System.Security.Claims;
using Jobs.Client;
using Jobs.Dashboard.Api.Audit;
using Jobs.Dashboard.Auth;
using Jobs.Model;
using MudBlazor;

namespace Jobs.Dashboard.Actions;

/// <summary>Runs an operator's action on one job or a selection: checks the user's role, asks for confirmation where it destroys something, calls the engine, records it in the audit log, and says what happened in a snackbar.</summary>
/// <remarks>
/// One per circuit (scoped): every page acts through it, so confirmations and messages read the same everywhere.
/// The role check here is the server's refusal: a disabled button can be re-enabled in the browser's DOM, but a
/// circuit event handler still lands here, and a user without <see cref="AuthPolicies.Operator"/> never reaches the
/// engine. Audit entries use the REST API's actions and details, with the signed-in user as actor.
/// </remarks>
internal sealed class JobActionRunner(IJobClient client, JobActionPolicy policy, IAuditLog audit, IDialogService dialogs, ISnackbar snackbar)
{
    /// <summary>The reason given to the engine (and recorded) for a cancel from the dashboard.</summary>
    public const string CancelReason = "Cancelled from the dashboard.";

    /// <summary>Whether the action asks first: cancel stops work, delete loses the job; retry only adds a run.</summary>
    public static bool NeedsConfirmation(JobAction action) => action is JobAction.Cancel or JobAction.Delete;

    /// <summary>Runs <paramref name="action"/> on one job. Returns whether the engine did it.</summary>
    public async Task<bool> RunAsync(JobAction action, long jobId, JobState state, CancellationToken cancellationToken = default)
    {
        var user = await RequireOperatorAsync($"{Verb(action).ToLowerInvariant()} jobs");
        if (user is null)
        {
            return false;
        }

        if (!JobActionPolicy.StateAllows(action, state))
        {
            snackbar.Add(policy.Describe(action, state), Severity.Warning);
            return false;
        }

        if (NeedsConfirmation(action) && !await ConfirmAsync(action, $"job #{jobId}"))
        {
            return false;
        }

        var result = await CallAsync(action, jobId, cancellationToken);
        await RecordIfDoneAsync(user, action, jobId, result);
        Report(action, jobId, result);
        return result.Succeeded;
    }

    /// <summary>Runs <paramref name="action"/> on those of the selected jobs whose state allows it. Returns how many the engine did.</summary>
    public async Task<int> RunManyAsync(JobAction action, IReadOnlyCollection<(long Id, JobState State)> jobs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var user = await RequireOperatorAsync($"{Verb(action).ToLowerInvariant()} jobs");
        if (user is null)
        {
            return 0;
        }

        var allowed = jobs.Where(j => JobActionPolicy.StateAllows(action, j.State)).Select(j => j.Id).ToList();
        if (allowed.Count == 0)
        {
            snackbar.Add($"None of the selected jobs can be {PastTense(action)}.", Severity.Warning);
            return 0;
        }

        if (NeedsConfirmation(action) && !await ConfirmAsync(action, allowed.Count == 1 ? $"job #{allowed[0]}" : $"{allowed.Count} jobs"))
        {
            return 0;
        }

        var done = 0;
        var refused = new List<string>();
        foreach (var id in allowed)
        {
            var result = await CallAsync(action, id, cancellationToken);
            await RecordIfDoneAsync(user, action, id, result);
            if (result.Succeeded)
            {
                done++;
            }
            else
            {
                refused.Add($"#{id}: {result.Reason ?? result.Status.ToString()}");
            }
        }

        var skipped = jobs.Count - allowed.Count;
        var message = $"{Capitalized(PastTense(action))} {done} of {jobs.Count} selected jobs"
            + (skipped > 0 ? $" ({skipped} not in a state that allows it)" : "")
            + (refused.Count > 0 ? $"; refused: {string.Join("; ", refused.Take(3))}" : "") + ".";
        snackbar.Add(message, refused.Count == 0 && done > 0 ? Severity.Success : Severity.Warning);
        return done;
    }

    /// <summary>
    /// The signed-in user when the <see cref="AuthPolicies.Operator"/> policy lets them change something, checked
    /// now; otherwise says why in a snackbar and returns null. Every dashboard change calls this before the engine.
    /// </summary>
    /// <param name="what">What the user tried, for the message, e.g. "purge the dead-letter queue".</param>
    public async Task<ClaimsPrincipal?> RequireOperatorAsync(string what)
    {
        var (user, allowed) = await policy.AuthorizeOperatorAsync();
        if (allowed)
        {
            return user;
        }

        snackbar.Add($"Not allowed: {AuditActor.Of(user)} may not {what}; that needs the operator or admin role.", Severity.Error);
        return null;
    }

    /// <summary>Records a change the user made in the audit log, as the REST API would (same actions and details).</summary>
    /// <remarks>Not the page's token: the change is made, so leaving the page now must not erase who made it.</remarks>
    public Task RecordAsync(ClaimsPrincipal user, string action, string targetType, string? targetId, string? details = null) =>
        audit.RecordAsync(user, action, targetType, targetId, details, CancellationToken.None);

    /// <summary>Asks before a destructive action. True when the operator confirmed.</summary>
    public async Task<bool> ConfirmAsync(JobAction action, string what)
    {
        var verb = Verb(action);
        var consequence = action switch
        {
            JobAction.Cancel => "A running job is asked to stop; a waiting job will not run.",
            JobAction.Delete => "The job, its history and its logs are removed for good.",
            _ => "The job runs again with its attempts reset.",
        };
        var answer = await dialogs.ShowMessageBoxAsync($"{verb} {what}?", consequence, yesText: $"{verb} {what}", cancelText: "Keep");
        return answer == true;
    }

    private Task<JobActionResult> CallAsync(JobAction action, long jobId, CancellationToken cancellationToken) => action switch
    {
        JobAction.Cancel => client.CancelAsync(jobId, CancelReason, cancellationToken),
        JobAction.Retry => client.RetryAsync(jobId, cancellationToken),
        JobAction.Delete => client.DeleteAsync(jobId, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown action."),
    };

    private void Report(JobAction action, long jobId, JobActionResult result)
    {
        switch (result.Status)
        {
            case JobActionStatus.Done when action == JobAction.Cancel && result.State == JobState.Processing:
                snackbar.Add($"Job #{jobId} was asked to stop; it ends at its next check.", Severity.Info);
                break;
            case JobActionStatus.Done:
                snackbar.Add($"Job #{jobId} {PastTense(action)}.", Severity.Success);
                break;
            case JobActionStatus.NotFound:
                snackbar.Add($"Job #{jobId} no longer exists.", Severity.Warning);
                break;
            default:
                snackbar.Add(result.Reason ?? $"Job #{jobId} could not be {PastTense(action)}.", Severity.Warning);
                break;
        }
    }

    private Task RecordIfDoneAsync(ClaimsPrincipal user, JobAction action, long jobId, JobActionResult result)
    {
        if (!result.Succeeded)
        {
            return Task.CompletedTask;
        }

        var name = action switch
        {
            JobAction.Cancel => AuditActions.JobCancel,
            JobAction.Retry => AuditActions.JobRetry,
            _ => AuditActions.JobDelete,
        };
        var details = action == JobAction.Cancel ? AuditDetails.Cancelled(CancelReason) : null;
        return RecordAsync(user, name, AuditTargets.Job, AuditDetails.JobId(jobId), details);
    }

    private static string Verb(JobAction action) => action switch
    {
        JobAction.Cancel => "Cancel",
        JobAction.Delete => "Delete",
        _ => "Retry",
    };

    private static string PastTense(JobAction action) => action switch
    {
        JobAction.Cancel => "cancelled",
        JobAction.Retry => "retried",
        _ => "deleted",
    };

    private static string Capitalized(string text) => string.Concat(text[..1].ToUpperInvariant(), text[1..]);
}
