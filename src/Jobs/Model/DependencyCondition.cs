namespace Jobs.Model;

/// <summary>When a dependent job may run, in terms of how its parent ended.</summary>
public enum DependencyCondition
{
    /// <summary>Only if the parent succeeded. A parent that ends any other way cancels the child.</summary>
    OnSuccess = 0,
    /// <summary>Whenever the parent ends: succeeded, dead-lettered or cancelled.</summary>
    OnCompletion = 1,
    /// <summary>Only if the parent failed for good (dead-lettered). A parent that succeeds cancels the child.</summary>
    OnFailure = 2,
}
