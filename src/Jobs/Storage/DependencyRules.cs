using Jobs.Model;

namespace Jobs.Storage;

/// <summary>Whether a dependency edge is met, can never be met, or must wait.</summary>
internal enum DependencyStatus
{
    Pending,
    Satisfied,
    Impossible,
}

/// <summary>The rules that decide a dependency from its parent's state.</summary>
internal static class DependencyRules
{
    /// <summary>Decides one edge. A parent that is gone (deleted) counts as ended in an unknown way: only on-completion edges pass.</summary>
    public static DependencyStatus Evaluate(DependencyCondition condition, JobState? parentState)
    {
        if (parentState is null)
        {
            return condition == DependencyCondition.OnCompletion ? DependencyStatus.Satisfied : DependencyStatus.Impossible;
        }

        if (!parentState.Value.IsFinal())
        {
            return DependencyStatus.Pending;
        }

        return (condition, parentState.Value) switch
        {
            (DependencyCondition.OnCompletion, _) => DependencyStatus.Satisfied,
            (DependencyCondition.OnSuccess, JobState.Succeeded) => DependencyStatus.Satisfied,
            (DependencyCondition.OnFailure, JobState.DeadLettered) => DependencyStatus.Satisfied,
            _ => DependencyStatus.Impossible,
        };
    }

    /// <summary>Folds one more edge into a child's status (start from Satisfied): impossible if any edge is, satisfied if all are, else pending.</summary>
    public static DependencyStatus Combine(DependencyStatus soFar, DependencyStatus edge) =>
        soFar == DependencyStatus.Impossible || edge == DependencyStatus.Impossible ? DependencyStatus.Impossible
        : soFar == DependencyStatus.Pending || edge == DependencyStatus.Pending ? DependencyStatus.Pending
        : DependencyStatus.Satisfied;

    public static string ImpossibleReason(long parentId, DependencyCondition condition, JobState? parentState) =>
        parentState is null
            ? $"Dependency on job {parentId} can never be met: the job no longer exists."
            : $"Dependency on job {parentId} ({condition}) can never be met: it ended {parentState}.";
}
