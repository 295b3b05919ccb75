namespace Jobs.Metrics;

/// <summary>One sample of this process's figures.</summary>
/// <param name="Timestamp">When it was taken.</param>
/// <param name="BusyWorkers">Workers running a job at that moment.</param>
/// <param name="Workers">Workers of this process (<c>JobEngine:Workers</c>).</param>
/// <param name="CpuPercent">CPU time the process used since the previous sample, in percent of every core of the machine (0 to 100); null for the first sample.</param>
/// <param name="WorkingSetBytes">The process's working set (physical memory in use).</param>
/// <param name="ManagedHeapBytes">Bytes the GC heap holds.</param>
/// <param name="QueueDepth">Jobs ready and waiting for a worker in the whole store; null when the store could not be read.</param>
public sealed record ProcessSample(
    DateTimeOffset Timestamp,
    int BusyWorkers,
    int Workers,
    double? CpuPercent,
    long WorkingSetBytes,
    long ManagedHeapBytes,
    long? QueueDepth)
{
    /// <summary>Busy / total workers, 0 to 1.</summary>
    public double WorkerUtilisation => Workers == 0 ? 0 : (double)BusyWorkers / Workers;
}

/// <summary>This process's recent figures, sampled every <c>Metrics:SampleInterval</c> and kept for <c>Metrics:History</c>.</summary>
public interface IProcessMetrics
{
    /// <summary>How often samples are taken.</summary>
    TimeSpan SampleInterval { get; }

    /// <summary>The node these figures are of (<c>JobEngine:NodeName</c>).</summary>
    string Node { get; }

    /// <summary>The newest sample, or null before the first (or in a process that runs no workers).</summary>
    ProcessSample? Latest { get; }

    /// <summary>The samples with timestamp ≥ <paramref name="since"/> (all kept ones when null), oldest first.</summary>
    IReadOnlyList<ProcessSample> GetSamples(DateTimeOffset? since = null);
}
