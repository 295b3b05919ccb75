using Jobs.Model;

namespace Jobs.Scheduling.Model;

/// <summary>A stored schedule as the list, the editor and <c>GET /api/schedules/{id}</c> show it.</summary>
public sealed record ScheduleInfo
{
    /// <summary>The definition as stored (a copy).</summary>
    public required ScheduleDefinition Definition { get; init; }

    /// <summary>The name (same as <see cref="ScheduleDefinition.Name"/>).</summary>
    public string Name => Definition.Name;

    /// <summary>Which trigger it has.</summary>
    public required ScheduleTriggerKind Kind { get; init; }

    /// <summary>The trigger in plain words, for example "every day at 09:00 Europe/Berlin".</summary>
    public required string Summary { get; init; }

    /// <summary>Whether it is paused (it keeps its definition but does not fire).</summary>
    public required bool Paused { get; init; }

    /// <summary>The next fire time, or null when paused-forever or finished (a fired one-off, a passed end).</summary>
    public DateTimeOffset? NextFireTime { get; init; }

    /// <summary>The last time it fired, if ever.</summary>
    public DateTimeOffset? PreviousFireTime { get; init; }

    /// <summary>The newest run it enqueued, if any.</summary>
    public ScheduleRun? LastRun { get; init; }
}

/// <summary>One job a schedule enqueued, for the schedule's history.</summary>
/// <param name="JobId">The engine's job id (link to the job).</param>
/// <param name="State">Its state: the outcome once finished.</param>
/// <param name="EnqueuedAt">When the schedule enqueued it.</param>
/// <param name="StartedAt">When its last attempt started, if it did.</param>
/// <param name="FinishedAt">When it finished, if it did.</param>
public sealed record ScheduleRun(long JobId, JobState State, DateTimeOffset EnqueuedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt)
{
    /// <summary>How long it ran (start to finish), once finished.</summary>
    public TimeSpan? Duration => StartedAt is { } s && FinishedAt is { } f ? f - s : null;

    /// <summary>Whether it has finished (succeeded, dead-lettered or cancelled).</summary>
    public bool Finished => State.IsFinal();

    /// <summary>Builds the run from a job row.</summary>
    public static ScheduleRun From(JobSummary job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new(job.Id, job.State, job.CreatedAt, job.StartedAt, job.FinishedAt);
    }
}

/// <summary>What one fire of a schedule did.</summary>
/// <param name="JobId">The job enqueued, or, when skipped, the unfinished run that caused the skip (if known).</param>
/// <param name="Skipped">True when nothing was enqueued.</param>
/// <param name="Reason">Why it was skipped.</param>
public sealed record ScheduleFireOutcome(long? JobId, bool Skipped, string? Reason = null);
