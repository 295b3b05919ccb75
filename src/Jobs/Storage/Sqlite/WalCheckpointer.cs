using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Jobs.Storage.Sqlite;

/// <summary>Copies the write-ahead log back into the database file on its own connection, off the writer's path.</summary>
/// <remarks>
/// SQLite's automatic checkpoint runs inside the commit that crosses its threshold: that commit, and every caller
/// waiting on it, also pays for copying about a thousand pages and an fsync. Here the writer only counts its commits
/// and, every <see cref="CommitsPerCheckpoint"/>, wakes this loop, which runs a PASSIVE checkpoint (it never blocks the
/// writer or readers) on the other core. The writer keeps a far larger automatic threshold as a backstop, so the log
/// stays bounded even if this loop falls behind.
/// </remarks>
internal sealed class WalCheckpointer : IAsyncDisposable
{
    /// <summary>Commits between two checkpoints: small batches write a few pages each, large ones more.</summary>
    public const int CommitsPerCheckpoint = 128;

    /// <summary>The writer's own automatic checkpoint threshold, in pages (SQLite's default is 1000).</summary>
    public const int BackstopPages = 16_384;

    private readonly SqliteConnection _connection;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _commits;

    public WalCheckpointer(SqliteConnection connection, ILogger logger)
    {
        _connection = connection;
        _logger = logger;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Called by the writer after each commit; cheap.</summary>
    public void Committed()
    {
        if (++_commits >= CommitsPerCheckpoint)
        {
            _commits = 0;
            if (_wake.CurrentCount == 0)
            {
                try
                {
                    _wake.Release();
                }
                catch (SemaphoreFullException)
                {
                    // Already woken.
                }
            }
        }
    }

    private async Task LoopAsync()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        while (true)
        {
            try
            {
                await _wake.WaitAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                command.ExecuteNonQuery();
            }
            catch (SqliteException ex)
            {
                // The backstop threshold keeps the log bounded; the next wake tries again.
                _logger.LogWarning(ex, "A background WAL checkpoint failed");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
        _wake.Dispose();
    }
}
