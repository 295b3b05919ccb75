using System.Diagnostics;
using Jobs.Benchmarks.Systems;

namespace Jobs.Benchmarks.Infrastructure;

/// <summary>The load every system meets: the same producers, the same waits.</summary>
internal static class Drive
{
    /// <summary>
    /// Enqueues <paramref name="jobs"/> jobs from <paramref name="producers"/> concurrent tasks, each calling
    /// enqueue in a loop (the way a web app's request handlers would); returns when every call returned.
    /// </summary>
    /// <remarks>
    /// The producers share one counter rather than a fixed share each, so a slow producer never leaves the
    /// others idle at the end. <see cref="Task.Run(Func{Task})"/> puts each on the thread pool: Hangfire's
    /// client is synchronous and would otherwise run every producer on the caller's thread, one after another.
    /// </remarks>
    public static Task ProduceAsync(IJobSystem system, int jobs, int producers, bool withSeq, CancellationToken cancellationToken)
    {
        var next = -1;
        var tasks = new Task[producers];
        for (var p = 0; p < producers; p++)
        {
            tasks[p] = Task.Run(async () =>
            {
                int seq;
                while ((seq = Interlocked.Increment(ref next)) < jobs)
                {
                    await system.EnqueueAsync(withSeq ? seq : -1, cancellationToken);
                }
            }, cancellationToken);
        }

        return Task.WhenAll(tasks);
    }

    /// <summary>Polls <paramref name="condition"/> every few milliseconds until it holds.</summary>
    /// <remarks>Only used off the hot path: after the probe saw every job run, to see the store agree.</remarks>
    public static async Task UntilAsync(Func<CancellationToken, Task<bool>> condition, CancellationToken cancellationToken)
    {
        while (!await condition(cancellationToken))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(5), TimeProvider.System, cancellationToken);
        }
    }

    /// <summary>A token that fires after <paramref name="limit"/>, so a stuck system fails the run instead of hanging it.</summary>
    public static CancellationTokenSource Deadline(TimeSpan limit, CancellationToken cancellationToken)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(limit);
        return cts;
    }

    /// <summary>A generous limit for moving <paramref name="jobs"/> jobs: at least 2 minutes, or 20 jobs a second.</summary>
    public static TimeSpan LimitFor(int jobs) => TimeSpan.FromSeconds(Math.Max(120, jobs / 20.0));

    /// <summary>Collects garbage left by the previous round, so it isn't charged to the next one.</summary>
    public static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>Seconds since a <see cref="Stopwatch"/> timestamp.</summary>
    public static double SecondsSince(long timestamp) => Stopwatch.GetElapsedTime(timestamp).TotalSeconds;
}
