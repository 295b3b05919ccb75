using Jobs.Maintenance;
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
    ILogger<JobEngineHost> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
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
        var token = _stopping.Token;
        _loops =
        [
            Task.Run(() => claimer.RunAsync(token), CancellationToken.None),
            Task.Run(() => leases.RunAsync(token), CancellationToken.None),
            Task.Run(() => progress.RunAsync(token), CancellationToken.None),
            Task.Run(() => retention.RunAsync(token), CancellationToken.None),
        ];
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Leases keep being renewed while running jobs finish; the claimer stops first so nothing new arrives.
        await pool.StopAsync(cancellationToken).ConfigureAwait(false);
        progress.Flush();
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_loops).ConfigureAwait(false);
    }

    public void Dispose() => _stopping.Dispose();
}
