using System.Diagnostics.Metrics;
using Jobs.Model;

namespace Jobs.Metrics;

/// <summary>
/// The engine's <see cref="System.Diagnostics.Metrics"/> instruments on the meter <see cref="MeterName"/>, so that
/// <c>dotnet-counters monitor -n Jobs.Dashboard --counters Jobs</c> or an OpenTelemetry exporter
/// (<c>AddMeter("Jobs")</c>) reads them with no code of ours in between.
/// </summary>
/// <remarks>
/// Counters and histograms are tagged <c>job.type</c>. Durations are in seconds, as OpenTelemetry's conventions ask.
/// Recording is lock-free and, while no listener is attached, skipped before any tag is built (the hot path calls it per job). The meter comes from the host's
/// <see cref="IMeterFactory"/>, so two engines in one process (tests) keep separate meters.
/// </remarks>
internal sealed class JobsMeter
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Jobs";

    private readonly Meter _meter;
    private readonly Counter<long> _enqueued;
    private readonly Counter<long> _succeeded;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _cancelled;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _queueWait;
    private int _observing;

    public JobsMeter(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(new MeterOptions(MeterName));
        _enqueued = _meter.CreateCounter<long>("jobs.enqueued", "{job}", "Jobs enqueued (new jobs only, not de-duplicated ones).");
        _succeeded = _meter.CreateCounter<long>("jobs.succeeded", "{job}", "Jobs that succeeded.");
        _failed = _meter.CreateCounter<long>("jobs.failed", "{attempt}", "Attempts that failed and will be retried.");
        _deadLettered = _meter.CreateCounter<long>("jobs.dead_lettered", "{job}", "Jobs that failed for good and went to the dead-letter queue.");
        _cancelled = _meter.CreateCounter<long>("jobs.cancelled", "{job}", "Running jobs that were cancelled.");
        _duration = _meter.CreateHistogram<double>("jobs.duration", "s", "Run time of each finished attempt.");
        _queueWait = _meter.CreateHistogram<double>("jobs.queue_wait", "s", "Time from enqueue to the start of a job's first attempt.");
    }

    /// <summary>Counts new jobs of <paramref name="jobType"/>.</summary>
    public void Enqueued(string jobType, long count = 1)
    {
        if (_enqueued.Enabled)
        {
            _enqueued.Add(count, Type(jobType));
        }
    }

    /// <summary>Records the first start of a job that waited <paramref name="waitMs"/>.</summary>
    public void Started(string jobType, long waitMs)
    {
        if (_queueWait.Enabled)
        {
            _queueWait.Record(Math.Max(0, waitMs) / 1000.0, Type(jobType));
        }
    }

    /// <summary>Records a stored attempt outcome and its run time; a requeue at shutdown is not an outcome and is ignored.</summary>
    public void Finished(string jobType, JobState state, long durationMs)
    {
        var counter = state switch
        {
            JobState.Succeeded => _succeeded,
            JobState.Failed => _failed,
            JobState.DeadLettered => _deadLettered,
            JobState.Cancelled => _cancelled,
            _ => null,
        };
        if (counter is null || !(counter.Enabled || _duration.Enabled))
        {
            return;
        }

        var type = Type(jobType);
        counter.Add(1, type);
        _duration.Record(Math.Max(0, durationMs) / 1000.0, type, new KeyValuePair<string, object?>("job.outcome", Outcome(state)));
    }

    /// <summary>Adds the gauges <c>jobs.workers.busy</c>, <c>jobs.workers.total</c> and <c>jobs.queue.depth</c> (once).</summary>
    /// <remarks>Only a process that runs workers observes them; the queue depth is the sampler's latest store-wide count.</remarks>
    public void ObserveEngine(Func<int> busyWorkers, Func<int> workers, Func<long?> queueDepth)
    {
        if (Interlocked.Exchange(ref _observing, 1) == 1)
        {
            return;
        }

        _meter.CreateObservableGauge("jobs.workers.busy", busyWorkers, "{worker}", "Workers running a job now.");
        _meter.CreateObservableGauge("jobs.workers.total", workers, "{worker}", "Workers of this process.");
        _meter.CreateObservableGauge("jobs.queue.depth", () => queueDepth() is { } depth ? [new Measurement<long>(depth)] : Array.Empty<Measurement<long>>(),
            "{job}", "Jobs ready and waiting for a worker in the whole store (sampled every Metrics:SampleInterval).");
    }

    private static KeyValuePair<string, object?> Type(string jobType) => new("job.type", jobType);

    private static string Outcome(JobState state) => state switch
    {
        JobState.Succeeded => "succeeded",
        JobState.Failed => "failed",
        JobState.DeadLettered => "dead_lettered",
        _ => "cancelled",
    };
}
