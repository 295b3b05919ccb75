namespace Jobs.Model;

/// <summary>One state transition of a job.</summary>
/// <param name="State">The state entered.</param>
/// <param name="At">When it was entered.</param>
/// <param name="Reason">Why, where there is something to say (an error, a retry time, who cancelled).</param>
public sealed record JobHistoryEntry(JobState State, DateTimeOffset At, string? Reason = null);
