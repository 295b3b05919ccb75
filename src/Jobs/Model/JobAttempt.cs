namespace Jobs.Model;

/// <summary>One run of a job by a worker.</summary>
public sealed record JobAttempt
{
    /// <summary>1 for the first run, then counting up; a re-run after a crash counts too.</summary>
    public required int Number { get; init; }
    /// <summary>When the handler started.</summary>
    public required DateTimeOffset StartedAt { get; init; }
    /// <summary>When the attempt ended.</summary>
    public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>The state the attempt led to.</summary>
    public JobState Outcome { get; init; }
    /// <summary>The error, when the attempt failed.</summary>
    public JobError? Error { get; init; }
    /// <summary>The node that ran it.</summary>
    public string? Node { get; init; }
}

/// <summary>An error an attempt ended with.</summary>
/// <param name="Type">The exception's full type name.</param>
/// <param name="Message">The exception's message.</param>
/// <param name="StackTrace">The full text of the exception, with inner exceptions.</param>
/// <param name="Transient">Whether it was classified as transient (worth retrying).</param>
public sealed record JobError(string Type, string Message, string? StackTrace, bool Transient);
