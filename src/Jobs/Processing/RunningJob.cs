using Jobs.Events;
using Jobs.Handlers;
using Jobs.Model;
using Microsoft.Extensions.Logging;

namespace Jobs.Processing;

/// <summary>Why a running job's token fired.</summary>
internal enum StopReason
{
    None,
    Cancelled,
    TimedOut,
    ShuttingDown,
}

/// <summary>One attempt in progress: the handler's <see cref="IJobContext"/> and the worker's control over it.</summary>
internal sealed class RunningJob : IJobContext, IDisposable
{
    private readonly JobTicket _ticket;
    private readonly IJobEventStream _events;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _cancel;
    private readonly CancellationTokenSource? _timeout;
    private readonly CancellationTokenRegistration _shutdownRegistration;
    private CancellationTokenSource? _abandon;
    private readonly TimeSpan _grace;
    private readonly Lock _gate = new();
    private Queue<JobLogLine>? _pendingLogs;
    private readonly int _maxLogLines;
    private JobProgress? _progress;
    private bool _progressDirty;
    private int _stopReason;

    public RunningJob(JobTicket ticket, IJobEventStream events, TimeProvider time, ILogger logger, TimeSpan grace, int maxLogLines, CancellationToken shutdown)
    {
        _ticket = ticket;
        _events = events;
        _time = time;
        _grace = grace;
        _maxLogLines = maxLogLines;
        _cancel = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        if (ticket.Timeout is { } timeout && timeout > TimeSpan.Zero)
        {
            _timeout = new CancellationTokenSource(timeout, time);
            _timeout.Token.Register(() => Stop(StopReason.TimedOut));
        }

        _shutdownRegistration = shutdown.Register(() => Stop(StopReason.ShuttingDown));
        Logger = new JobLogger(this, logger);
    }

    public JobTicket Ticket => _ticket;
    public long JobId => _ticket.Id;
    public string JobType => _ticket.Type;
    public string Queue => _ticket.Queue;
    public int Attempt => _ticket.Attempt;
    public IReadOnlyList<string> Tags => _ticket.Tags;
    public IReadOnlyDictionary<string, string> Metadata => _ticket.Metadata;
    public CancellationToken CancellationToken => _cancel.Token;
    public ILogger Logger { get; }

    /// <summary>Fires when the handler ignored its token for longer than the grace period: the worker stops waiting for it.</summary>
    /// <remarks>Made on first use: a handler that returns at once never needs it.</remarks>
    public CancellationToken AbandonToken => Abandon().Token;

    private CancellationTokenSource Abandon()
    {
        lock (_gate)
        {
            return _abandon ??= new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        }
    }

    public StopReason StopReason => (StopReason)Volatile.Read(ref _stopReason);

    public string? CancelReasonText { get; private set; }

    public JobProgress? Progress
    {
        get
        {
            lock (_gate)
            {
                return _progress;
            }
        }
    }

    public void ReportProgress(double fraction, string? message = null, long? current = null, long? total = null)
    {
        if (double.IsNaN(fraction))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), "Progress must be a number from 0 to 1.");
        }

        var progress = new JobProgress(Math.Clamp(fraction, 0, 1), message, current, total);
        lock (_gate)
        {
            _progress = progress;
            _progressDirty = true;
        }

        _events.Publish(new JobEvent(_ticket.Id, _ticket.Type, _ticket.Queue, JobState.Processing, progress, _time.GetUtcNow()));
    }

    /// <summary>Takes the progress reported since the last call, if any (the flusher stores it at most once a second).</summary>
    public JobProgress? TakeDirtyProgress()
    {
        lock (_gate)
        {
            if (!_progressDirty)
            {
                return null;
            }

            _progressDirty = false;
            return _progress;
        }
    }

    internal void AddLog(LogLevel level, string message)
    {
        lock (_gate)
        {
            if (_maxLogLines == 0)
            {
                return;
            }

            // Only the newest lines are kept: a chatty job never makes memory or the table grow without bound.
            _pendingLogs ??= new Queue<JobLogLine>();
            if (_pendingLogs.Count >= _maxLogLines)
            {
                _pendingLogs.Dequeue();
            }

            _pendingLogs.Enqueue(new JobLogLine(_ticket.Attempt, _time.GetUtcNow(), level, message));
        }
    }

    /// <summary>Takes the log lines not yet stored.</summary>
    public List<JobLogLine>? TakeLogs()
    {
        lock (_gate)
        {
            if (_pendingLogs is null || _pendingLogs.Count == 0)
            {
                return null;
            }

            var lines = new List<JobLogLine>(_pendingLogs);
            _pendingLogs.Clear();
            return lines;
        }
    }

    /// <summary>Asks the handler to stop; after the grace period the worker abandons it.</summary>
    public void Stop(StopReason reason, string? text = null)
    {
        if (Interlocked.CompareExchange(ref _stopReason, (int)reason, (int)StopReason.None) != (int)StopReason.None)
        {
            return;
        }

        CancelReasonText = text;
        try
        {
            _cancel.Cancel();
            Abandon().CancelAfter(_grace);
        }
        catch (ObjectDisposedException)
        {
            // The attempt already ended.
        }
    }

    public void Dispose()
    {
        _shutdownRegistration.Dispose();
        _timeout?.Dispose();
        _cancel.Dispose();
        lock (_gate)
        {
            _abandon?.Dispose();
        }
    }
}
