using System.Collections.Concurrent;

namespace Jobs.Processing;

/// <summary>The attempts running in this process, by job id: for cancellation, progress flushing and health.</summary>
internal sealed class RunningJobRegistry
{
    private readonly ConcurrentDictionary<long, RunningJob> _running = new();

    public int Count => _running.Count;

    public void Add(RunningJob job) => _running[job.JobId] = job;

    public void Remove(RunningJob job) => _running.TryRemove(new KeyValuePair<long, RunningJob>(job.JobId, job));

    public bool TryGet(long jobId, out RunningJob job) => _running.TryGetValue(jobId, out job!);

    public ICollection<RunningJob> Snapshot() => _running.Values;
}
