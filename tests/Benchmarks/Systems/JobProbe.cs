using System.Diagnostics;

namespace Jobs.Benchmarks.Systems;

/// <summary>What every system's no-op job calls when it runs: counts runs and, for latency, stamps when each started.</summary>
/// <remarks>
/// Counting with <see cref="Interlocked"/> and completing a task at the expected count keeps the
/// measuring side free of polling; the stamp array is preallocated so the hot path allocates nothing.
/// </remarks>
internal sealed class JobProbe
{
    private readonly TaskCompletionSource _allRan = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long[]? _starts;
    private readonly int _expected;
    private int _ran;

    /// <param name="expected">How many runs complete <see cref="AllRan"/>.</param>
    /// <param name="recordStarts">Whether to keep a start time per sequence number (latency runs).</param>
    public JobProbe(int expected, bool recordStarts = false)
    {
        _expected = expected;
        _starts = recordStarts ? new long[expected] : null;
    }

    /// <summary>Completes when the expected number of jobs ran.</summary>
    public Task AllRan => _allRan.Task;

    /// <summary>How many jobs ran so far.</summary>
    public int Ran => Volatile.Read(ref _ran);

    /// <summary>The <see cref="Stopwatch"/> timestamp at which each sequence number started (0 if it never did).</summary>
    public IReadOnlyList<long> Starts => _starts ?? [];

    /// <summary>Called first thing by a no-op job.</summary>
    public void OnRun(int seq)
    {
        if (_starts is not null && (uint)seq < (uint)_starts.Length)
        {
            _starts[seq] = Stopwatch.GetTimestamp();
        }

        if (Interlocked.Increment(ref _ran) == _expected)
        {
            _allRan.TrySetResult();
        }
    }
}
