using Jobs.Events;
using Jobs.Model;

namespace Jobs.Dashboard.Components.Shared;

/// <summary>One row of the job grid: a job as listed, kept current by events while it is on screen.</summary>
/// <remarks>Rows are reused by id across reloads, so a selection survives a refresh of the page.</remarks>
internal sealed class JobRow(JobSummary job)
{
    /// <summary>The job as last known.</summary>
    public JobSummary Job { get; private set; } = job;

    /// <summary>The job's id.</summary>
    public long Id => Job.Id;

    /// <summary>Replaces the stored view (a reload), keeping live progress the store has not caught up with.</summary>
    public void Refresh(JobSummary stored) =>
        Job = stored.State == JobState.Processing && stored.Progress is null && Job.State == JobState.Processing ? stored with { Progress = Job.Progress } : stored;

    /// <summary>Applies a live change.</summary>
    public void Apply(JobEvent change)
    {
        ArgumentNullException.ThrowIfNull(change);
        Job = Job with
        {
            State = change.State,
            Progress = change.Progress ?? Job.Progress,
            StartedAt = change.State == JobState.Processing ? Job.StartedAt ?? change.At : Job.StartedAt,
            FinishedAt = change.State.IsFinal() ? change.At : Job.FinishedAt,
        };
    }
}
