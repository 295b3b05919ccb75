using Jobs.Events;
using Jobs.Processing;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Jobs.Storage.Postgres;

/// <summary>This node's line to the others: one connection that LISTENs, and a coalescing sender of job events.</summary>
/// <remarks>
/// Work notifications wake the claimer at once, so a job enqueued on one node starts on an idle node without waiting for a poll.
/// When the listening connection is lost the store reports a new change token on every poll, so the claimer falls back to
/// polling until the connection is back. Events are sent at most every <see cref="SendInterval"/>, each job once with its latest
/// change, and at most <see cref="MaxEventsPerSend"/> jobs per send: a busy node never floods the notification queue, and a
/// dashboard elsewhere sees the newest state of each job within a fraction of a second.
/// </remarks>
internal sealed class PostgresNotifications(NodeIdentity node, ILogger<PostgresNotifications> logger) : IAsyncDisposable
{
    // Pacing of network I/O, not job time: it runs on the real clock even when a test drives the engine's clock.
    private static readonly TimeProvider Pacing = TimeProvider.System;

    public static readonly TimeSpan SendInterval = TimeSpan.FromMilliseconds(100);
    public const int MaxEventsPerSend = 2000;
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private Dictionary<long, JobEvent> _outbox = [];
    private readonly AsyncSignal _outboxSignal = new(Pacing);
    private NpgsqlDataSource? _dataSource;
    private Task _listening = Task.CompletedTask;
    private Task _sending = Task.CompletedTask;
    private long _received;
    private int _disposed;
    private volatile bool _isListening;

    /// <summary>Another node made work claimable (ready now: null; or due at a time).</summary>
    public event Action<long?>? WorkNotified;

    /// <summary>Job events from other nodes.</summary>
    public event Action<IReadOnlyList<JobEvent>>? EventsReceived;

    /// <summary>Changes with every notification received from another node, and on every read while not listening (polling fallback).</summary>
    public long ChangeToken => _isListening ? Interlocked.Read(ref _received) : Interlocked.Increment(ref _received);

    /// <summary>True while the listening connection is up.</summary>
    public bool Listening => _isListening;

    /// <summary>Opens the listening connection (waits until it listens, so no notification after start-up is missed) and starts sending events.</summary>
    public async Task StartAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        _dataSource = dataSource;
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _listening = Task.Run(() => ListenLoopAsync(connected, _stop.Token), CancellationToken.None);
        _sending = Task.Run(() => SendLoopAsync(_stop.Token), CancellationToken.None);
        await connected.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Queues a local event for the other nodes; the latest change of a job replaces an unsent earlier one.</summary>
    public void Send(JobEvent change)
    {
        if (_dataSource is null)
        {
            return;
        }

        lock (_gate)
        {
            if (_outbox.Count >= MaxEventsPerSend * 4 && !_outbox.ContainsKey(change.JobId))
            {
                // Bounded: past this the other nodes' dashboards miss intermediate changes, never the store's truth.
                return;
            }

            _outbox[change.JobId] = change;
        }

        _outboxSignal.Set();
    }

    private async Task ListenLoopAsync(TaskCompletionSource connected, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _dataSource!.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                connection.Notification += OnNotification;
                await using (var listen = new NpgsqlCommand($"LISTEN {PostgresChannels.Work}; LISTEN {PostgresChannels.Events}", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                _isListening = true;
                // Work committed while we were not listening announced itself to nobody: a new token makes the claimer look.
                Interlocked.Increment(ref _received);
                WorkNotified?.Invoke(null);
                connected.TrySetResult();
                while (!cancellationToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                // The data source went first while the node shut down: there is nothing left to listen on.
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or IOException or TimeoutException)
            {
                _isListening = false;
                connected.TrySetException(ex);
                logger.LogWarning(ex, "Listening for other nodes' notifications failed; polling until reconnected");
                try
                {
                    await Task.Delay(Reconnect, Pacing, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            finally
            {
                _isListening = false;
            }
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        try
        {
            if (e.Channel == PostgresChannels.Work)
            {
                var (from, claimable, runAt) = PostgresChannels.ParseWork(e.Payload);
                if (from == node.Owner)
                {
                    return;
                }

                Interlocked.Increment(ref _received);
                if (claimable)
                {
                    WorkNotified?.Invoke(runAt);
                }
            }
            else if (e.Channel == PostgresChannels.Events)
            {
                var (from, events) = PostgresChannels.ParseEvents(e.Payload);
                if (from != node.Owner && events.Count > 0)
                {
                    EventsReceived?.Invoke(events);
                }
            }
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException)
        {
            logger.LogWarning(ex, "Ignored a malformed notification on {Channel}", e.Channel);
        }
    }

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _outboxSignal.WaitAsync(TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);
                await SendPendingAsync(cancellationToken).ConfigureAwait(false);
                await Task.Delay(SendInterval, Pacing, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                // The data source went first while the node shut down: nothing more can be sent, and the other nodes read
                // the final states from the store.
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or IOException or TimeoutException)
            {
                logger.LogWarning(ex, "Sending job events to other nodes failed; they see the changes on their next read");
            }
        }
    }

    private async Task SendPendingAsync(CancellationToken cancellationToken)
    {
        List<JobEvent> batch;
        lock (_gate)
        {
            if (_outbox.Count == 0)
            {
                return;
            }

            batch = [.. _outbox.Values.OrderBy(e => e.At).Take(MaxEventsPerSend)];
            if (batch.Count == _outbox.Count)
            {
                _outbox = [];
            }
            else
            {
                foreach (var e in batch)
                {
                    _outbox.Remove(e.JobId);
                }

                _outboxSignal.Set();
            }
        }

        var payloads = PostgresChannels.EventPayloads(node.Owner, batch);
        await using var connection = await _dataSource!.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var sql = new NpgsqlBatch(connection);
        foreach (var payload in payloads)
        {
            sql.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_notify($1, $2)")
            {
                Parameters = { new NpgsqlParameter { Value = PostgresChannels.Events }, new NpgsqlParameter { Value = payload } },
            });
        }

        await sql.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <remarks>The container disposes it after the store (which depends on it), so the store's last writes still notify.</remarks>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_listening, _sending).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
