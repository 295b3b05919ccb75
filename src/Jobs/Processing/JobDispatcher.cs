using Jobs.Configuration;
using Microsoft.Extensions.Options;

namespace Jobs.Processing;

/// <summary>The in-memory run queue of this node: priority then FIFO, per-queue and per-type limits, and push hand-off to idle workers.</summary>
/// <remarks>
/// Every ticket here is already durable and owned by this node (its row carries our lease), so the
/// queue can live in memory: a crash loses nothing, the leases expire and the jobs run again.
/// An idle worker waits on its own completion source; adding a ticket hands it over directly, so
/// dispatch costs no polling and no database round trip.
/// </remarks>
internal sealed class JobDispatcher
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, QueueSlot> _queues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _runningByType = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _typeLimits;
    private readonly Dictionary<string, int> _queueLimits;
    private readonly Stack<TaskCompletionSource<JobTicket?>> _idle = new();
    private int _ready;
    private bool _stopped;

    public JobDispatcher(IOptions<JobEngineOptions> options)
    {
        _typeLimits = new Dictionary<string, int>(options.Value.TypeConcurrency, StringComparer.Ordinal);
        _queueLimits = new Dictionary<string, int>(options.Value.QueueConcurrency, StringComparer.Ordinal);
        LowWaterMark = Math.Max(16, options.Value.Workers * 4);
    }

    /// <summary>Below this many ready tickets the claimer is asked for more.</summary>
    public int LowWaterMark { get; }

    /// <summary>Raised (outside the lock) when the ready backlog falls below <see cref="LowWaterMark"/>.</summary>
    public event Action? BacklogLow;

    /// <summary>How many tickets wait for a worker.</summary>
    public int ReadyCount => Volatile.Read(ref _ready);

    public void Add(JobTicket ticket) => AddRange([ticket]);

    public void AddRange(IReadOnlyList<JobTicket> tickets)
    {
        List<(TaskCompletionSource<JobTicket?>, JobTicket)>? handOffs;
        lock (_gate)
        {
            foreach (var ticket in tickets)
            {
                Slot(ticket.Queue).Buckets[(int)ticket.Priority].AddLast(ticket);
                _ready++;
            }

            handOffs = MatchIdleWorkersLocked();
        }

        HandOff(handOffs);
    }

    /// <summary>Pairs idle workers with the tickets they may run now; the caller completes them outside the lock.</summary>
    private List<(TaskCompletionSource<JobTicket?>, JobTicket)>? MatchIdleWorkersLocked()
    {
        List<(TaskCompletionSource<JobTicket?>, JobTicket)>? handOffs = null;
        while (_idle.Count > 0 && TryTakeLocked() is { } next)
        {
            (handOffs ??= []).Add((_idle.Pop(), next));
        }

        return handOffs;
    }

    private void HandOff(List<(TaskCompletionSource<JobTicket?> Worker, JobTicket Ticket)>? handOffs)
    {
        foreach (var (worker, ticket) in handOffs ?? [])
        {
            if (!worker.TrySetResult(ticket))
            {
                // The worker gave up waiting (shutdown): put the ticket back.
                Requeue(ticket);
            }
        }
    }

    private void Requeue(JobTicket ticket)
    {
        lock (_gate)
        {
            Release(ticket);
            Slot(ticket.Queue).Buckets[(int)ticket.Priority].AddFirst(ticket);
            _ready++;
        }
    }

    /// <summary>Waits for the next ticket this worker may run; null when the dispatcher stopped.</summary>
    public async ValueTask<JobTicket?> TakeAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<JobTicket?>? waiter = null;
        JobTicket? ticket;
        bool low;
        lock (_gate)
        {
            if (_stopped)
            {
                return null;
            }

            ticket = TryTakeLocked();
            if (ticket is null)
            {
                waiter = new TaskCompletionSource<JobTicket?>(TaskCreationOptions.RunContinuationsAsynchronously);
                _idle.Push(waiter);
            }

            low = _ready < LowWaterMark;
        }

        if (low)
        {
            BacklogLow?.Invoke();
        }

        if (ticket is not null)
        {
            return ticket;
        }

        using (cancellationToken.Register(() => waiter!.TrySetResult(null)))
        {
            return await waiter!.Task.ConfigureAwait(false);
        }
    }

    private JobTicket? TryTakeLocked()
    {
        for (var p = 3; p >= 0; p--)
        {
            LinkedListNode<JobTicket>? best = null;
            QueueSlot? bestSlot = null;
            foreach (var slot in _queues.Values)
            {
                if (slot.Running >= slot.Limit)
                {
                    continue;
                }

                for (var node = slot.Buckets[p].First; node is not null; node = node.Next)
                {
                    if (TypeHasRoom(node.Value.Type))
                    {
                        if (best is null || node.Value.Id < best.Value.Id)
                        {
                            best = node;
                            bestSlot = slot;
                        }

                        break;
                    }
                }
            }

            if (best is not null)
            {
                bestSlot!.Buckets[p].Remove(best);
                bestSlot.Running++;
                _ready--;
                if (_typeLimits.Count > 0)
                {
                    var type = best.Value.Type;
                    _runningByType[type] = _runningByType.GetValueOrDefault(type) + 1;
                }

                return best.Value;
            }
        }

        return null;
    }

    /// <remarks>Running counts per type are kept only when some type has a limit: most nodes have none, and then the lock is held shorter.</remarks>
    private bool TypeHasRoom(string type) =>
        _typeLimits.Count == 0 || !_typeLimits.TryGetValue(type, out var limit) || _runningByType.GetValueOrDefault(type) < limit;

    /// <summary>A worker finished a ticket: its queue and type slots are free again.</summary>
    public void Finished(JobTicket ticket)
    {
        List<(TaskCompletionSource<JobTicket?>, JobTicket)>? handOffs;
        lock (_gate)
        {
            Release(ticket);
            handOffs = MatchIdleWorkersLocked();
        }

        HandOff(handOffs);
    }

    private void Release(JobTicket ticket)
    {
        Slot(ticket.Queue).Running--;
        if (_typeLimits.Count == 0)
        {
            return;
        }

        var left = _runningByType.GetValueOrDefault(ticket.Type) - 1;
        if (left <= 0)
        {
            _runningByType.Remove(ticket.Type);
        }
        else
        {
            _runningByType[ticket.Type] = left;
        }
    }

    /// <summary>Removes a waiting ticket (it was cancelled). False when it is not waiting here.</summary>
    public bool TryRemove(long jobId)
    {
        lock (_gate)
        {
            foreach (var slot in _queues.Values)
            {
                foreach (var bucket in slot.Buckets)
                {
                    for (var node = bucket.First; node is not null; node = node.Next)
                    {
                        if (node.Value.Id == jobId)
                        {
                            bucket.Remove(node);
                            _ready--;
                            return true;
                        }
                    }
                }
            }

            return false;
        }
    }

    /// <summary>Stops handing out work: idle and future <see cref="TakeAsync"/> calls return null. Returns the tickets that never started.</summary>
    public IReadOnlyList<JobTicket> Stop()
    {
        TaskCompletionSource<JobTicket?>[] idle;
        var left = new List<JobTicket>();
        lock (_gate)
        {
            _stopped = true;
            idle = [.. _idle];
            _idle.Clear();
            foreach (var slot in _queues.Values)
            {
                foreach (var bucket in slot.Buckets)
                {
                    left.AddRange(bucket);
                    bucket.Clear();
                }
            }

            _ready = 0;
        }

        foreach (var worker in idle)
        {
            worker.TrySetResult(null);
        }

        return left;
    }

    private QueueSlot Slot(string queue)
    {
        if (!_queues.TryGetValue(queue, out var slot))
        {
            slot = new QueueSlot(_queueLimits.TryGetValue(queue, out var limit) ? limit : int.MaxValue);
            _queues[queue] = slot;
        }

        return slot;
    }

    private sealed class QueueSlot(int limit)
    {
        public LinkedList<JobTicket>[] Buckets { get; } = [new(), new(), new(), new()];
        public int Running { get; set; }
        public int Limit { get; } = limit;
    }
}
