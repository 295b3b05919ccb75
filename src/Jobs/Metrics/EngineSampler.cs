using Jobs.Client;
using Jobs.Model;
using Jobs.Processing;
using Jobs.Series;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jobs.Metrics;

/// <summary>
/// Samples worker use, the process's CPU and memory, and the store's queue depth every <c>Metrics:SampleInterval</c>
/// into <see cref="ProcessSampleBuffer"/>, and appends the latest sample to the <see cref="EngineSeries"/> once per
/// <c>Metrics:PersistInterval</c>.
/// </summary>
/// <remarks>
/// Two tiers because the two readers differ: the metrics page's "last hours" process charts want 10-second detail,
/// which would be 60k rows a week per figure in the store; the week-long queue-depth chart and anomaly detection want
/// durable points, for which one every five minutes is plenty. A failed store read leaves the queue depth out of that sample,
/// never the whole sample. Queue depth is the store's Enqueued count (kept by every write, so reading it costs the same
/// however long the queue is) minus this node's jobs that already started but are not yet marked Processing.
/// </remarks>
internal sealed class EngineSampler(
    ProcessSampleBuffer buffer,
    JobWorkerPool pool,
    RunningJobRegistry running,
    IJobQueries queries,
    ISeriesStore series,
    NodeIdentity node,
    TimeProvider time,
    IOptions<MetricsOptions> options,
    ILogger<EngineSampler> logger)
{
    private readonly MetricsOptions _options = options.Value;
    private TimeSpan _lastCpu;
    private long _lastTimestamp;
    private long _persistedBucket = long.MinValue;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        try
        {
            using var timer = new PeriodicTimer(_options.SampleInterval, time);
            do
            {
                try
                {
                    await SampleAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
                {
                    logger.LogWarning(ex, "Could not record the engine's sample; the next one follows in {Interval}", _options.SampleInterval);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Takes one sample, keeps it, and appends it to the series when a persist interval has begun since the last append.</summary>
    internal async Task<ProcessSample> SampleAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var timestamp = time.GetTimestamp();
        var cpu = Environment.CpuUsage.TotalTime;
        double? cpuPercent = null;
        if (_lastTimestamp != 0)
        {
            var elapsed = time.GetElapsedTime(_lastTimestamp, timestamp);
            if (elapsed > TimeSpan.Zero)
            {
                cpuPercent = Math.Clamp((cpu - _lastCpu) / elapsed / Environment.ProcessorCount * 100, 0, 100);
            }
        }

        _lastCpu = cpu;
        _lastTimestamp = timestamp;

        long? depth = null;
        try
        {
            var counts = await queries.CountByStateAsync(cancellationToken).ConfigureAwait(false);
            // A job that started less than a second ago still reads Enqueued in the store (its Processing mark is
            // batched); this node's own such jobs are running, not queued. Other nodes' are off by at most a second of starts.
            var startedHere = running.Snapshot().Count(j => j.Ticket.StoredState == JobState.Enqueued);
            depth = Math.Max(0, (counts.TryGetValue(JobState.Enqueued, out var n) ? n : 0) - startedHere);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            logger.LogWarning(ex, "Could not read the queue depth for this sample");
        }

        var sample = new ProcessSample(now, pool.BusyCount, pool.WorkerCount, cpuPercent, Environment.WorkingSet, GC.GetTotalMemory(false), depth);
        buffer.Add(sample);
        await PersistAsync(sample, cancellationToken).ConfigureAwait(false);
        return sample;
    }

    private async Task PersistAsync(ProcessSample sample, CancellationToken cancellationToken)
    {
        var stepMs = (long)_options.PersistInterval.TotalMilliseconds;
        var ms = sample.Timestamp.ToUnixTimeMilliseconds();
        var bucket = ms - (((ms % stepMs) + stepMs) % stepMs);
        if (bucket <= _persistedBucket)
        {
            return;
        }

        // Stamped with the interval's start, so two nodes (or a restart) write the queue depth to the same point.
        var at = DateTimeOffset.FromUnixTimeMilliseconds(bucket);
        var points = new Dictionary<string, IReadOnlyList<SeriesPoint>>(StringComparer.Ordinal)
        {
            [EngineSeries.Node(node.Name, EngineSeries.WorkerUtilisation)] = [new SeriesPoint(at, sample.WorkerUtilisation)],
            [EngineSeries.Node(node.Name, EngineSeries.WorkingSetMiB)] = [new SeriesPoint(at, sample.WorkingSetBytes / (1024.0 * 1024.0))],
        };
        if (sample.CpuPercent is { } cpu)
        {
            points[EngineSeries.Node(node.Name, EngineSeries.CpuPercent)] = [new SeriesPoint(at, cpu)];
        }

        if (sample.QueueDepth is { } depth)
        {
            points[EngineSeries.QueueDepth] = [new SeriesPoint(at, depth)];
        }

        await series.AppendAsync(points, cancellationToken).ConfigureAwait(false);
        _persistedBucket = bucket;
    }
}
