using Jobs.Maintenance;
using Jobs.Metrics;
using Jobs.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jobs.Processing;

/// <summary>Starts the engine in order (schema, then workers, then the background loops) and stops it in reverse.</summary>
/// <remarks>Migrations run in <see cref="StartAsync"/>, so the host does not report started before the store is ready.</remarks>
internal sealed class JobEngineHost(
    IJobStore store,
    JobWorkerPool pool,
    JobClaimer claimer,
    LeaseKeeper leases,
    ProgressFlusher progress,
    RetentionScheduler retention,
    JobMetricsRecorder metrics,
    EngineSampler sampler,
    ProcessSampleBuffer samples,
    JobsMeter meter,
    ILogger<JobEngineHost> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopClaiming = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task[] _claiming = [];
    private Task[] _loops = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        if (!pool.IsEnabled)
        {
            logger.LogInformation("Job store ready; this process runs no workers");
            return;
        }

        pool.Start();
        meter.ObserveEngine(() => pool.BusyCount, () => pool.WorkerCount, () => samples.Latest?.QueueDepth);
        var token = _stopping.Token;
        var claiming = _stopClaiming.Token;
        _claiming =
        [
            Task.Run(() => claimer.RunAsync(claiming), CancellationToken.None),
            Task.Run(() => retention.RunAsync(claiming), CancellationToken.None),
            Task.Run(() => metrics.RunAsync(claiming), CancellationToken.None),
            Task.Run(() => sampler.RunAsync(claiming), CancellationToken.None),
        ];
        _loops =
        [
            Task.Run(() => leases.RunAsync(token), CancellationToken.None),
            Task.Run(() => progress.RunAsync(token), CancellationToken.None),
        ];
    }

    private readonly Lock _stopGate = new();
    private Task? _stop;

    /// <summary>Stops once: a second caller (a test host and the app both stopping) awaits the same stop.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_stopGate)
        {
            return _stop ??= StopOnceAsync(cancellationToken);
        }
    }

    private async Task StopOnceAsync(CancellationToken cancellationToken)
    {
        // The claimer stops first: otherwise it could re-claim the very jobs the pool releases below, and
        // the next node would wait a whole lease for them. Leases keep being renewed while running jobs finish.
        await _stopClaiming.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_claiming).ConfigureAwait(false);
        await pool.StopAsync(cancellationToken).ConfigureAwait(false);
        progress.Flush();
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_loops).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _stopClaiming.Dispose();
        _stopping.Dispose();
    }
}
