namespace Jobs.Storage.Sqlite;

/// <summary>Job ids reserved in blocks for early starts, handed out without a round trip to the writer.</summary>
/// <remarks>
/// A job that starts before its insert needs its id before the insert runs. The store reserves a block of ids in
/// one small write (see <see cref="SqliteWriteSession.ReserveIds"/>) and this hands them out one by one; the next
/// block is reserved in the background when half of the current one is used, so enqueues never wait for it. When
/// none is left (a reservation that failed), a job simply takes the ordinary path: the database numbers it, and it
/// starts after the commit. Ids are handed out in call order, so this process's jobs stay numbered in enqueue order;
/// a job another process (the CLI) inserts meanwhile is numbered past the current block.
/// </remarks>
internal sealed class ReservedJobIds(Func<int, Task<long>> reserve, int blockSize = ReservedJobIds.DefaultBlockSize)
{
    /// <summary>Ids per block: a restart leaves at most this many ids unused.</summary>
    public const int DefaultBlockSize = 1024;

    private readonly Lock _gate = new();
    private long _next;
    private long _end;
    private long _spareStart;
    private long _spareEnd;
    private bool _reserving;

    /// <summary>Takes the next reserved id; false when none is left right now.</summary>
    public bool TryTake(out long id)
    {
        bool refill;
        lock (_gate)
        {
            if (_next >= _end && _spareEnd > _spareStart)
            {
                (_next, _end) = (_spareStart, _spareEnd);
                _spareStart = _spareEnd = 0;
            }

            id = _next < _end ? _next++ : 0;
            refill = !_reserving && _spareEnd == 0 && _end - _next < blockSize / 2;
            _reserving |= refill;
        }

        if (refill)
        {
            _ = RefillAsync();
        }

        return id != 0;
    }

    /// <summary>Reserves the next block (the store calls it once at start, so the first enqueues find ids too).</summary>
    public async Task RefillAsync()
    {
        long first = 0;
        try
        {
            first = await reserve(blockSize).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The store refused the write (full disk, shutting down): jobs take the ordinary path; the next enqueue tries again.
        }

        lock (_gate)
        {
            if (first > 0)
            {
                (_spareStart, _spareEnd) = (first, first + blockSize);
            }

            _reserving = false;
        }
    }
}
