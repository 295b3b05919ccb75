namespace Jobs.Processing;

/// <summary>How busy this process's workers are, for the dashboard's health view.</summary>
/// <remarks>
/// Read from the live pool, not the store: on several nodes each dashboard shows its own process.
/// A seam so that component tests can show any load without running jobs.
/// </remarks>
public interface IWorkerPoolStatus
{
    /// <summary>Whether this process runs jobs at all (<c>JobEngine:RunWorkers</c>).</summary>
    bool IsEnabled { get; }

    /// <summary>Whether the workers are started and taking jobs.</summary>
    bool IsRunning { get; }

    /// <summary>How many workers this process has.</summary>
    int WorkerCount { get; }

    /// <summary>How many of them run a job right now.</summary>
    int BusyCount { get; }
}
