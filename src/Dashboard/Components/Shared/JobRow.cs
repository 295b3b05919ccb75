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

    // The latest live change seen for this job: the store writes a start and progress lazily (about once a second),
    // so a reload can read an older view than the events already showed.
    private JobEvent? _live;

    /// <summary>Replaces the stored view (a reload), keeping a live start and progress the store has not caught up with.</summary>
    public void Refresh(JobSummary stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        Job = stored;
        if (_live is { State: JobState.Processing } live && stored.State is JobState.Enqueued or JobState.Processing && live.At >= stored.CreatedAt)
        {
            // Started (or progressed) live; the store's Processing write or progress is still pending.
            Job = stored with
            {
                State = JobState.Processing,
                Progress = live.Progress ?? stored.Progress,
                StartedAt = stored.StartedAt ?? live.At,
            };
        }
    }

    /// <summary>A row made by a reload for a job whose live change arrived before the row existed.</summary>
    public static JobRow FromStore(JobSummary stored, JobEvent? live)
    {
        var row = new JobRow(stored) { _live = live };
        row.Refresh(stored);
        return row;
    }

    /// <summary>Applies a live change.</summary>
    public void Apply(JobEvent change)
    {
        ArgumentNullException.ThrowIfNull(change);
        _live = change;
        Job = Job with
        {
            State = change.State,
            Progress = change.Progress ?? Job.Progress,
            StartedAt = change.State == JobState.Processing ? Job.StartedAt ?? change.At : Job.StartedAt,
            FinishedAt = change.State.IsFinal() ? change.At : Job.FinishedAt,
        };
    }
}
