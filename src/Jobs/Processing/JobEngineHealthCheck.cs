using Jobs.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Jobs.Processing;

/// <summary>Readiness: the store answers and, where this process runs jobs, the worker pool is running.</summary>
public sealed class JobEngineHealthCheck : IHealthCheck
{
    private readonly IJobStore _store;
    private readonly JobWorkerPool _pool;

    internal JobEngineHealthCheck(IJobStore store, JobWorkerPool pool)
    {
        _store = store;
        _pool = pool;
    }

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await _store.PingAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The job store is unreachable.", ex);
        }

        var data = new Dictionary<string, object>
        {
            ["workers"] = _pool.WorkerCount,
            ["busy"] = _pool.BusyCount,
        };
        return _pool.IsRunning || !_pool.IsEnabled
            ? HealthCheckResult.Healthy(_pool.IsEnabled ? "Store reachable, workers running." : "Store reachable; this process runs no workers.", data)
            : HealthCheckResult.Unhealthy("The worker pool is not running.", data: data);
    }
}
