using Jobs.Configuration;
using Jobs.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jobs.Processing;

/// <summary>The heartbeat: renews the leases on every job this node holds and refreshes the node's row in <c>nodes</c>, every third of the lease duration.</summary>
/// <remarks>
/// If this process dies or freezes the renewals stop, the leases expire, and other nodes (or the next start) run the jobs again;
/// its row in <c>nodes</c> goes stale at the same moment, which is how the dashboard tells a node is gone.
/// </remarks>
internal sealed class LeaseKeeper(
    IJobStore store,
    NodeIdentity node,
    RunningJobRegistry running,
    TimeProvider time,
    IOptions<JobEngineOptions> options,
    ILogger<LeaseKeeper> logger)
{
    private readonly JobEngineOptions _options = options.Value;
    private readonly long _startedAtMs = time.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.LeaseDuration / 3, time);
        try
        {
            // At once, so a node shows up as soon as it starts rather than a heartbeat later.
            await BeatAsync(renew: false, cancellationToken).ConfigureAwait(false);
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await BeatAsync(renew: true, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        try
        {
            await store.LeaveAsync(node.Owner, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Harmless: the row goes stale and shows the node gone until it is forgotten.
            logger.LogWarning(ex, "Removing this node from the nodes table failed");
        }
    }

    private async Task BeatAsync(bool renew, CancellationToken cancellationToken)
    {
        try
        {
            if (renew)
            {
                var until = time.GetUtcNow().Add(_options.LeaseDuration).ToUnixTimeMilliseconds();
                await store.RenewLeasesAsync(node.Owner, until, cancellationToken).ConfigureAwait(false);
            }

            await store.HeartbeatAsync(
                new NodeHeartbeat(node.Owner, node.Name, Environment.MachineName, Environment.ProcessId, _options.Workers, running.Count, _startedAtMs),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            logger.LogError(ex, "Renewing leases failed; jobs of this node may run again elsewhere if this persists");
        }
    }
}
