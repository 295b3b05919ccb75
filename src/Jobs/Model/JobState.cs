namespace Jobs.Model;

/// <summary>The life-cycle state of a job.</summary>
/// <remarks>
/// Stored as its integer value, so the numbers are part of the schema: never renumber, only append.
/// Hangfire models states as classes because it stores state data beside them; here the per-state
/// data (reason, error, next run) lives in the job's history entries, so a plain enum suffices.
/// </remarks>
public enum JobState
{
    /// <summary>Waiting for its run-at time (a delayed job).</summary>
    Scheduled = 0,
    /// <summary>Waiting for the jobs it depends on to finish.</summary>
    AwaitingDependencies = 1,
    /// <summary>Ready to run; a worker takes it as soon as one is free.</summary>
    Enqueued = 2,
    /// <summary>A worker is running it.</summary>
    Processing = 3,
    /// <summary>Finished without error.</summary>
    Succeeded = 4,
    /// <summary>Failed an attempt and will be retried at its run-at time.</summary>
    Failed = 5,
    /// <summary>Retries exhausted or a permanent error: parked in the dead-letter queue.</summary>
    DeadLettered = 6,
    /// <summary>Cancelled by a user, a timeout-free cancellation, or an unmet dependency.</summary>
    Cancelled = 7,
}

/// <summary>Helpers over <see cref="JobState"/>.</summary>
public static class JobStateExtensions
{
    /// <summary>Whether the job will not change again on its own (retry can still revive it).</summary>
    public static bool IsFinal(this JobState state) =>
        state is JobState.Succeeded or JobState.DeadLettered or JobState.Cancelled;

    /// <summary>Whether the job still waits to run (it can be cancelled without touching a worker).</summary>
    public static bool IsWaiting(this JobState state) =>
        state is JobState.Scheduled or JobState.AwaitingDependencies or JobState.Enqueued or JobState.Failed;
}
