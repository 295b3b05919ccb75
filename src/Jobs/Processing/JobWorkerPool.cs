using Jobs.Configuration;
using Jobs.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jobs.Processing;

/// <summary>The workers of this process: each takes a ticket from the dispatcher, runs it, and takes the next.</summary>
/// <remarks>
/// Graceful stop: the dispatcher stops handing out work, running jobs get <see cref="JobEngineOptions.ShutdownGrace"/>
/// to finish, then their tokens fire and they are requeued (not failed); finally every job this node still
/// holds is released so another process (or the next start) takes it at once instead of after lease expiry.
/// </remarks>
internal sealed class JobWorkerPool(
    JobDispatcher dispatcher,
    JobExecutor executor,
    RunningJobRegistry running,
    IJobStore store,
    NodeIdentity node,
    TimeProvider time,
    IOptions<JobEngineOptions> options,
    ILogger<JobWorkerPool> logger) : IWorkerPoolStatus, IDisposable
{
    private readonly JobEngineOptions _options = options.Value;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Task, byte> _tails = new();
    private Task[] _workers = [];
    private int _busy;

    public bool IsEnabled => _options.RunWorkers;
    public bool IsRunning { get; private set; }
    public int WorkerCount => _options.Workers;
    public int BusyCount => Volatile.Read(ref _busy);

    public void Start()
    {
        if (!IsEnabled)
        {
            return;
        }

        _workers = [.. Enumerable.Range(0, _options.Workers).Select(i => Task.Run(() => WorkAsync(i)))];
        IsRunning = true;
        logger.LogInformation("Started {Workers} workers as {Owner}", _options.Workers, node.Owner);
    }

    /// <summary>How many finished jobs of one worker may wait for their outcome's commit before it waits too.</summary>
    /// <remarks>
    /// Outcomes in flight share commits (the throughput) but a crash re-runs them all (at-least-once): four per worker
    /// keeps batches full while a kill re-runs at most <c>Workers × 5</c> jobs that had already finished.
    /// </remarks>
    internal const int OutcomesInFlightPerWorker = 4;

    private async Task WorkAsync(int index)
    {
        var inFlight = new Queue<Task>(OutcomesInFlightPerWorker + 1);
        while (await dispatcher.TakeAsync(CancellationToken.None).ConfigureAwait(false) is { } ticket)
        {
            Interlocked.Increment(ref _busy);
            try
            {
                var tail = await executor.ExecuteAsync(ticket, _shutdown.Token).ConfigureAwait(false);
                Track(tail);
                inFlight.Enqueue(tail);
                while (inFlight.Count > 0 && (inFlight.Peek().IsCompleted || inFlight.Count > OutcomesInFlightPerWorker))
                {
                    await inFlight.Dequeue().ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The executor records every handler failure itself; reaching here means the store failed.
                // The job keeps its lease and runs again elsewhere once it expires.
                logger.LogError(ex, "Worker {Worker} could not record the outcome of job {JobId}", index, ticket.Id);
            }
            finally
            {
                Interlocked.Decrement(ref _busy);
                dispatcher.Finished(ticket);
            }
        }
    }

    /// <summary>Keeps the outcome writes that are still in flight, so a stop waits for them.</summary>
    private void Track(Task tail)
    {
        if (tail.IsCompleted)
        {
            return;
        }

        _tails.TryAdd(tail, 0);
        tail.ContinueWith(t => _tails.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!IsRunning)
        {
            return;
        }

        IsRunning = false;
        var neverStarted = dispatcher.Stop();
        logger.LogInformation("Stopping: {Running} jobs running, {Waiting} waiting are released", running.Count, neverStarted.Count);
        var all = Task.WhenAll(_workers);
        try
        {
            await all.WaitAsync(_options.ShutdownGrace, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            logger.LogWarning("{Running} jobs still running after the shutdown grace of {Grace}; they are cancelled and requeued", running.Count, _options.ShutdownGrace);
            await _shutdown.CancelAsync().ConfigureAwait(false);
            try
            {
                await all.WaitAsync(_options.CancellationGrace + TimeSpan.FromSeconds(1), time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                logger.LogWarning("Some jobs ignored cancellation; the release below requeues them");
            }
        }

        // Outcomes of finished jobs first; the writer is FIFO anyway, this only keeps the log honest. Every handler
        // has returned or was cancelled above, so the token now only ends outcome retries waiting out a store failure: the release requeues those jobs.
        await _shutdown.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_tails.Keys).ConfigureAwait(false);
        var released = await store.ReleaseAsync(node.Owner, CancellationToken.None).ConfigureAwait(false);
        logger.LogInformation("Released {Count} jobs for other nodes or the next start", released);
    }

    public void Dispose() => _shutdown.Dispose();
}
