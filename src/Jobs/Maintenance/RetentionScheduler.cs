using Jobs.Client;
using Jobs.Configuration;
using Jobs.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jobs.Maintenance;

/// <summary>Enqueues the <c>cleanup</c> job every <see cref="JobEngineOptions.RetentionInterval"/>, so retention runs as a visible job.</summary>
/// <remarks>The unique key keeps at most one clean-up waiting or running, across restarts and nodes.</remarks>
internal sealed class RetentionScheduler(IJobClient client, TimeProvider time, IOptions<JobEngineOptions> options, ILogger<RetentionScheduler> logger)
{
    public const string UniqueKey = "jobs:retention";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.RetentionInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await client.EnqueueAsync(new JobRequest { Type = CleanupJob.TypeName, Queue = "maintenance", Priority = JobPriority.Low, UniqueKey = UniqueKey, Tags = ["maintenance"] }, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
                {
                    logger.LogError(ex, "Could not enqueue the retention clean-up");
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
