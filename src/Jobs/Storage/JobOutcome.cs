using Jobs.Model;

namespace Jobs.Storage;

/// <summary>How an attempt ended, as written by the worker's completion.</summary>
internal sealed class JobOutcome
{
    /// <summary>Succeeded, Failed (retry at <see cref="RunAtMs"/>), DeadLettered, Cancelled, or Enqueued (requeued at shutdown).</summary>
    public required JobState State { get; init; }
    public required long AtMs { get; init; }
    public long? RunAtMs { get; init; }
    public int RetryCount { get; init; }
    public string? Result { get; init; }
    public JobError? Error { get; init; }
    public string? Reason { get; init; }
    public JobProgress? Progress { get; init; }

    /// <summary>The progress the row keeps: a succeeded job shows complete (its last message kept), others as they left it.</summary>
    public JobProgress? StoredProgress => State == JobState.Succeeded
        ? (Progress ?? new JobProgress(1)) with { Fraction = 1 }
        : Progress;
}

/// <summary>The JSON an outcome appends to the job's history and attempts, built on the worker so the single writer only concatenates.</summary>
/// <param name="Processing">The Processing history entry, appended only when the store has not recorded it yet.</param>
/// <param name="Final">The history entry of the outcome's state.</param>
/// <param name="Attempt">The attempts entry, or null when the attempt never started.</param>
internal sealed record OutcomeJson(string Processing, string Final, string? Attempt)
{
    public static OutcomeJson For(Processing.JobTicket ticket, JobOutcome outcome, string node) => new(
        JsonFragments.History(JobState.Processing, ticket.StartedAtMs),
        JsonFragments.History(outcome.State, outcome.AtMs, outcome.Reason),
        ticket.StartedAtMs > 0 ? JsonFragments.Attempt(ticket.Attempt, ticket.StartedAtMs, outcome.AtMs, outcome.State, node, outcome.Error) : null);
}
