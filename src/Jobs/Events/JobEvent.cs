using Jobs.Model;

namespace Jobs.Events;

/// <summary>A change to one job: a new state, or new progress while it runs.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Type">Its type name.</param>
/// <param name="Queue">Its queue.</param>
/// <param name="State">Its state after the change.</param>
/// <param name="Progress">Its latest progress, when known.</param>
/// <param name="At">When the change happened.</param>
public sealed record JobEvent(long JobId, string Type, string Queue, JobState State, JobProgress? Progress, DateTimeOffset At);
