using System.Collections.Concurrent;

namespace Jobs.Tests.Fakes;

/// <summary>What test handlers did, and gates that hold them until a test lets them go.</summary>
public sealed class TestProbe
{
    private int _running;
    private int _maxRunning;

    public ConcurrentQueue<string> Runs { get; } = new();
    public ConcurrentDictionary<string, TaskCompletionSource> Gates { get; } = new();
    public ConcurrentDictionary<string, TaskCompletionSource> Started { get; } = new();
    public int MaxConcurrent => Volatile.Read(ref _maxRunning);

    public TaskCompletionSource Gate(string name) => Gates.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public TaskCompletionSource StartedSignal(string name) => Started.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public IDisposable Enter()
    {
        var now = Interlocked.Increment(ref _running);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxRunning)) && Interlocked.CompareExchange(ref _maxRunning, now, seen) != seen)
        {
        }

        return new Exit(this);
    }

    private sealed class Exit(TestProbe probe) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref probe._running);
    }
}
