using Jobs.Configuration;
using Jobs.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jobs.Processing;

/// <summary>The heartbeat: renews the leases on every job this node holds, every third of the lease duration.</summary>
/// <remarks>If this process dies or freezes the renewals stop, the leases expire, and other nodes (or the next start) run the jobs again.</remarks>
internal sealed class LeaseKeeper(IJobStore store, NodeIdentity node, TimeProvider time, IOptions<JobEngineOptions> options, ILogger<LeaseKeeper> logger)
{
    private readonly JobEngineOptions _options = options.Value;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.LeaseDuration / 3, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    var until = time.GetUtcNow().Add(_options.LeaseDuration).ToUnixTimeMilliseconds();
                    await store.RenewLeasesAsync(node.Owner, until, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
                {
                    logger.LogError(ex, "Renewing leases failed; jobs of this node may run again elsewhere if this persists");
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
