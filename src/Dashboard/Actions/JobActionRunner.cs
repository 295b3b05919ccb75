using Jobs.Client;
using Jobs.Model;
using MudBlazor;

namespace Jobs.Dashboard.Actions;

/// <summary>Runs an operator's action on one job or a selection: asks for confirmation where it destroys something, calls the engine, and says what happened in a snackbar.</summary>
/// <remarks>One per circuit (scoped): every page acts through it, so confirmations and messages read the same everywhere.</remarks>
internal sealed class JobActionRunner(IJobClient client, JobActionPolicy policy, IDialogService dialogs, ISnackbar snackbar)
{
    /// <summary>Whether the action asks first: cancel stops work, delete loses the job; retry only adds a run.</summary>
    public static bool NeedsConfirmation(JobAction action) => action is JobAction.Cancel or JobAction.Delete;

    /// <summary>Runs <paramref name="action"/> on one job. Returns whether the engine did it.</summary>
    public async Task<bool> RunAsync(JobAction action, long jobId, JobState state, CancellationToken cancellationToken = default)
    {
        if (!policy.Allows(action, state))
        {
            snackbar.Add(policy.Describe(action, state), Severity.Warning);
            return false;
        }

        if (NeedsConfirmation(action) && !await ConfirmAsync(action, $"job #{jobId}"))
        {
            return false;
        }

        var result = await CallAsync(action, jobId, cancellationToken);
        Report(action, jobId, result);
        return result.Succeeded;
    }

    /// <summary>Runs <paramref name="action"/> on those of the selected jobs whose state allows it. Returns how many the engine did.</summary>
    public async Task<int> RunManyAsync(JobAction action, IReadOnlyCollection<(long Id, JobState State)> jobs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var allowed = jobs.Where(j => policy.Allows(action, j.State)).Select(j => j.Id).ToList();
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

    /// <summary>Asks before a destructive action. True when the operator confirmed.</summary>
    public async Task<bool> ConfirmAsync(JobAction action, string what)
    {
        var verb = action switch
        {
            JobAction.Cancel => "Cancel",
            JobAction.Delete => "Delete",
            _ => "Retry",
        };
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
        JobAction.Cancel => client.CancelAsync(jobId, "Cancelled from the dashboard.", cancellationToken),
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

    private static string PastTense(JobAction action) => action switch
    {
        JobAction.Cancel => "cancelled",
        JobAction.Retry => "retried",
        _ => "deleted",
    };

    private static string Capitalized(string text) => string.Concat(text[..1].ToUpperInvariant(), text[1..]);
}
