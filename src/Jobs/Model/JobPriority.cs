namespace Jobs.Model;

/// <summary>How urgent a job is. Higher runs first; jobs of one priority run in the order they were enqueued.</summary>
/// <remarks>Stored as its integer value: never renumber.</remarks>
public enum JobPriority
{
    /// <summary>Runs when nothing more urgent waits.</summary>
    Low = 0,
    /// <summary>The default.</summary>
    Normal = 1,
    /// <summary>Runs before normal and low jobs.</summary>
    High = 2,
    /// <summary>Runs before everything else.</summary>
    Critical = 3,
}
