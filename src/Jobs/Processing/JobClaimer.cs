using Jobs.Configuration;
using Jobs.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jobs.Processing;

/// <summary>Brings into this node's queue the work that did not start here: delayed jobs and retries when due,
/// jobs written by other processes (the CLI), dependents whose parents ended, and jobs whose owner died.</summary>
/// <remarks>
/// Woken at once by in-process writes that made work claimable, at the next due time, and otherwise every
/// <see cref="JobEngineOptions.ExternalChangePollInterval"/>, when a cheap change token (SQLite's
/// <c>data_version</c>) tells whether another process committed anything. It claims only what the local
/// workers can start soon, so other nodes get their share.
/// </remarks>
internal sealed class JobClaimer(
    IJobStore store,
    JobDispatcher dispatcher,
    RunningJobRegistry running,
    NodeIdentity node,
    TimeProvider time,
    IOptions<JobEngineOptions> options,
    ILogger<JobClaimer> logger)
{
    private const int ClaimChunk = 1000;

    private readonly JobEngineOptions _options = options.Value;
    private readonly AsyncSignal _signal = new(time);
    private volatile bool _more = true;
    private long _announcedDue = long.MaxValue;
    private int _announcedReady;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        store.WorkAvailable += OnWorkAvailable;
        dispatcher.BacklogLow += OnBacklogLow;
        try
        {
            long? lastToken = null;
            long? nextDue = null;
            var nextPoll = long.MinValue;
            var poll = (long)_options.ExternalChangePollInterval.TotalMilliseconds;
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    // Other processes announce nothing in-process: look for their commits once per poll interval,
                    // never per wake-up (under load this node wakes on almost every commit of its own).
                    var now = time.GetUtcNow().ToUnixTimeMilliseconds();
                    var external = false;
                    if (now >= nextPoll)
                    {
                        nextPoll = now + poll;
                        var token = await store.GetChangeTokenAsync(cancellationToken).ConfigureAwait(false);
                        external = token != lastToken;
                        lastToken = token;
                        if (external)
                        {
                            await HandleCancelRequestsAsync(cancellationToken).ConfigureAwait(false);
                        }
                    }

                    var announced = Interlocked.Exchange(ref _announcedDue, long.MaxValue);
                    if (announced != long.MaxValue && (nextDue is null || announced < nextDue))
                    {
                        nextDue = announced;
                    }

                    // Taken atomically: an announcement made while a claim pass runs must lead to another pass.
                    var ready = Interlocked.Exchange(ref _announcedReady, 0) == 1;
                    var full = false;
                    var due = nextDue <= now;
                    if (_more || ready || external || due)
                    {
                        full = !await ClaimAsync(cancellationToken).ConfigureAwait(false);
                        if (external || due)
                        {
                            nextDue = await store.GetNextDueAsync(cancellationToken).ConfigureAwait(false);
                        }
                    }

                    now = time.GetUtcNow().ToUnixTimeMilliseconds();
                    var wait = Math.Max(0, nextPoll - now);
                    // With no room, a due job can't be taken anyway: wait for the backlog-low signal instead of spinning.
                    if (!full && nextDue is { } next)
                    {
                        wait = Math.Min(wait, Math.Max(0, next - now));
                    }

                    await _signal.WaitUntilAsync(DateTimeOffset.FromUnixTimeMilliseconds(now + wait), cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    logger.LogError(ex, "Claiming work failed; trying again shortly");
                    await Task.Delay(_options.ExternalChangePollInterval, time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            store.WorkAvailable -= OnWorkAvailable;
            dispatcher.BacklogLow -= OnBacklogLow;
        }
    }

    /// <summary>An in-process commit made work claimable: ready now (null) or due at a time.</summary>
    private void OnWorkAvailable(long? runAt)
    {
        if (runAt is { } at)
        {
            long seen;
            while (at < (seen = Interlocked.Read(ref _announcedDue)) && Interlocked.CompareExchange(ref _announcedDue, at, seen) != seen)
            {
            }
        }
        else
        {
            Volatile.Write(ref _announcedReady, 1);
        }

        _signal.Set();
    }

    private void OnBacklogLow()
    {
        if (_more)
        {
            _signal.Set();
        }
    }

    /// <summary>Claims what fits; false when the local queue had no room.</summary>
    private async Task<bool> ClaimAsync(CancellationToken cancellationToken)
    {
        _more = false;
        // Claim in chunks big enough to amortize the claim transaction, small enough to leave work for other nodes;
        // on a store other nodes share, only what the workers start soon, so an idle node always finds work.
        var target = store.SharedByNodes ? dispatcher.LowWaterMark : Math.Max(_options.Workers * 4, ClaimChunk);
        var room = target - dispatcher.ReadyCount;
        if (room <= 0)
        {
            _more = true;
            return false;
        }

        var max = Math.Min(room, ClaimChunk);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var tickets = await store.ClaimAsync(node.Owner, now + (long)_options.LeaseDuration.TotalMilliseconds, max, cancellationToken).ConfigureAwait(false);
        if (tickets.Count > 0)
        {
            dispatcher.AddRange(tickets);
        }

        // A full claim means there may be more: the dispatcher's low-water mark asks again.
        _more = tickets.Count == max;
        return true;
    }

    private async Task HandleCancelRequestsAsync(CancellationToken cancellationToken)
    {
        var ids = await store.GetCancelRequestsAsync(node.Owner, cancellationToken).ConfigureAwait(false);
        foreach (var id in ids)
        {
            if (running.TryGet(id, out var job))
            {
                job.Stop(StopReason.Cancelled, "Cancelled by a user while running.");
            }
            else if (dispatcher.TryRemove(id))
            {
                await store.CancelAsync(id, "Cancelled by a user.", cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
