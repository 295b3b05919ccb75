using Jobs.Model;
using Microsoft.Extensions.Logging;

namespace Jobs.Handlers;

/// <summary>What a running job knows about itself and how it talks back.</summary>
public interface IJobContext
{
    /// <summary>The job's id.</summary>
    long JobId { get; }

    /// <summary>The registered type name.</summary>
    string JobType { get; }

    /// <summary>The queue it was taken from.</summary>
    string Queue { get; }

    /// <summary>1 on the first run, counting up on every retry or re-run.</summary>
    int Attempt { get; }

    /// <summary>The job's tags.</summary>
    IReadOnlyList<string> Tags { get; }

    /// <summary>The job's metadata.</summary>
    IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Fires when the job is cancelled, times out, or the host shuts down past its grace period.</summary>
    CancellationToken CancellationToken { get; }

    /// <summary>A logger whose lines are kept with the job (the last few hundred per attempt) as well as logged.</summary>
    ILogger Logger { get; }

    /// <summary>Reports progress. Cheap enough to call thousands of times a second: updates are coalesced.</summary>
    void ReportProgress(double fraction, string? message = null, long? current = null, long? total = null);

    /// <summary>The last progress reported in this attempt, if any.</summary>
    JobProgress? Progress { get; }
}
