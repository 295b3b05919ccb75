using System.Diagnostics;
using Jobs.Benchmarks.Infrastructure;
using Jobs.Benchmarks.Systems;
using Jobs.Client;
using Jobs.Events;
using Jobs.Handlers;
using Jobs.Model;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Benchmarks.Scenarios;

/// <summary>
/// <c>progress</c>: many running jobs each reporting progress many times a second while subscribers listen,
/// one of them deliberately slow. Ours only: no peer has a progress stream to compare with.
/// </summary>
/// <remarks>
/// <para>All jobs report on one shared metronome tick (every 1/<c>--updates</c> s), so the load is exactly
/// jobs × updates reports a second. Waking 1000 tasks 100 times a second costs CPU of its own, which is not
/// the engine's: each measured round is paired with a baseline round that wakes the same tasks on the same
/// ticks without calling <see cref="IJobContext.ReportProgress"/>, and the net cost per update is the
/// difference in process CPU time divided by the updates.</para>
/// <para>"No worker waited" is shown by the longest single ReportProgress call, timed around the call itself,
/// while the slow subscriber sleeps on every batch it gets.</para>
/// </remarks>
internal sealed class ProgressScenario : IScenario
{
    private readonly int _jobs;
    private readonly int _updates;
    private readonly int _seconds;
    private readonly int _rounds;
    private readonly int _warmupRounds;
    private readonly int _slowSubscriberMs;

    public ProgressScenario(BenchArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        _jobs = args.Int("jobs", 1_000, 1, 1024);
        _updates = args.Int("updates", 100, 1, 1000);
        _seconds = args.Int("seconds", 5, 1, 600);
        _rounds = args.Int("rounds", 5, 1, 100);
        _slowSubscriberMs = args.Int("slow-subscriber-ms", 500, 0, 60_000);
        _warmupRounds = args.Int("warmup-rounds", 2, 0, 100);
    }

    public async Task RunAsync(Report report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        // Warm-up rounds are measured rounds thrown away: after a 1 s warm-up the first two pairs cost up to 5x the later
        // ones (the JIT and the thread pool, with 1000 jobs awaiting timers, take that long to settle), baseline included.
        Progress.Line("ours: warm-up (1 s)");
        await RoundAsync(report: true, seconds: 1, cancellationToken);
        for (var w = 0; w < _warmupRounds; w++)
        {
            Progress.Line($"ours: warm-up round {w + 1}/{_warmupRounds}");
            await RoundAsync(report: false, _seconds, cancellationToken);
            await RoundAsync(report: true, _seconds, cancellationToken);
        }

        var baseline = new List<RoundResult>();
        var measured = new List<RoundResult>();
        for (var r = 0; r < _rounds; r++)
        {
            baseline.Add(await RoundAsync(report: false, _seconds, cancellationToken));
            measured.Add(await RoundAsync(report: true, _seconds, cancellationToken));
            var (b, m) = (baseline[^1], measured[^1]);
            Progress.Line($"ours: round {r + 1}/{_rounds}: {m.Updates / m.Seconds:N0} reports/s, CPU {m.CpuSeconds:0.00}s vs baseline {b.CpuSeconds:0.00}s, "
                + $"subscriber {m.ReceivedPerJobPerSecond:0.0}/job/s, slowest call {m.MaxCallMs:0.000} ms");
        }

        var key = JobSystems.Ours;
        var name = JobSystems.DisplayName(key);
        var gross = measured.Select(m => m.CpuSeconds * 1e6 / m.Updates).ToList();
        var baselinePerWake = Stats.Summarize([.. baseline.Select(b => b.CpuSeconds * 1e6 / b.Updates)]);
        // Each measured round is charged the median baseline per wake-up, scaled to its own wake-ups.
        var net = measured.Select(m => (m.CpuSeconds * 1e6 - baselinePerWake.Median * m.Updates) / m.Updates).ToList();
        var netSummary = Stats.Summarize(net);
        report.Add(key, name, "reportsPerSecond", Stats.Summarize([.. measured.Select(m => m.Updates / m.Seconds)]), "reports/s", $"{_jobs} jobs × {_updates}/s for {_seconds} s");
        report.Add(key, name, "cpuPerUpdateUs", netSummary, "µs CPU", "net of the baseline (same wake-ups, no report)");
        report.Add(key, name, "cpuPerUpdateGrossUs", Stats.Summarize(gross), "µs CPU", "whole process incl. waking the job tasks");
        report.Add(key, name, "baselineCpuPerWakeUs", baselinePerWake, "µs CPU", "waking a job task without reporting");
        report.Add(key, name, "updatesPerJobPerSecond", Stats.Summarize([.. measured.Select(m => m.ReceivedPerJobPerSecond)]), "/job/s", "received by a prompt subscriber (coalesced); target <= ~10");
        report.Add(key, name, "slowSubscriberUpdatesPerJobPerSecond", Stats.Summarize([.. measured.Select(m => m.SlowReceivedPerJobPerSecond)]), "/job/s", $"subscriber sleeping {_slowSubscriberMs} ms per batch");
        report.Add(key, name, "slowSubscriberOverflows", Stats.Summarize([.. measured.Select(m => (double)m.SlowOverflows)]), "batches", "told to reload");
        report.Add(key, name, "maxReportProgressMs", Stats.Summarize([.. measured.Select(m => m.MaxCallMs)]), "ms", "longest single ReportProgress call");
        report.Add(key, name, "reportProgressCallsOver1ms", Stats.Summarize([.. measured.Select(m => (double)m.CallsOver1Ms)]), "calls");

        var coreShare = netSummary.Median * 100_000 / 1e6;
        report.Figure("cpuPerUpdateUs", netSummary.Median, "net CPU per ReportProgress, median");
        report.Figure("coreShareAt100kReportsPerSecond", coreShare, "net CPU per update × 100,000/s, as a fraction of one core; target < 0.10");
        report.Figure("updatesPerJobPerSecond", Stats.Summarize([.. measured.Select(m => m.ReceivedPerJobPerSecond)]).Median, "prompt subscriber, median; target <= ~10");
        report.Figure("maxReportProgressMs", measured.Max(m => m.MaxCallMs), "the longest ReportProgress call in any round");
        report.Note($"Ours only: neither Hangfire storage has a progress stream. JobEngine:Workers = {_jobs}, so every job runs at once; "
            + $"{_rounds} measured rounds, each paired with a baseline round, after {_warmupRounds} pairs of warm-up rounds; fresh data directory per round.");
    }

    private sealed record RoundResult(double Seconds, double CpuSeconds, long Updates, double ReceivedPerJobPerSecond,
        double SlowReceivedPerJobPerSecond, int SlowOverflows, double MaxCallMs, long CallsOver1Ms);

    private async Task<RoundResult> RoundAsync(bool report, int seconds, CancellationToken cancellationToken)
    {
        using var directory = new TempDirectory("progress");
        var driver = new ProgressDriver(_jobs, report);
        var options = new SystemOptions(directory.FullName, _jobs, RunWorkers: true, new JobProbe(_jobs));
        await using var system = new JobsEngineSystem(options, engine =>
        {
            engine.Services.AddSingleton(driver);
            engine.AddHandler<ProgressHandler>("progress");
        });
        using var deadline = Drive.Deadline(TimeSpan.FromSeconds(120 + seconds), cancellationToken);
        await system.StartAsync(deadline.Token);

        var measuring = 0;
        long received = 0, slowReceived = 0;
        var slowOverflows = 0;
        var stream = system.Services.GetRequiredService<IJobEventStream>();
        using var prompt = stream.Subscribe(batch =>
        {
            if (Volatile.Read(ref measuring) == 1)
            {
                received += CountProgress(batch);
            }

            return Task.CompletedTask;
        });
        using var slow = stream.Subscribe(async batch =>
        {
            if (Volatile.Read(ref measuring) == 1)
            {
                slowReceived += CountProgress(batch);
                slowOverflows += batch.Overflowed ? 1 : 0;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(_slowSubscriberMs), TimeProvider.System, CancellationToken.None);
        });

        var client = system.Services.GetRequiredService<IJobClient>();
        await client.EnqueueBatchAsync([.. Enumerable.Range(0, _jobs).Select(_ => new JobRequest { Type = "progress" })], deadline.Token);
        try
        {
            await driver.AllStarted.WaitAsync(TimeSpan.FromSeconds(60), TimeProvider.System, deadline.Token);
        }
        catch (TimeoutException)
        {
            var counts = await system.Services.GetRequiredService<IJobQueries>().CountByStateAsync(deadline.Token);
            throw new InvalidOperationException($"Only {driver.Started} of {_jobs} progress jobs started within 60 s; the store says "
                + string.Join(", ", counts.Where(c => c.Value > 0).Select(c => $"{c.Key} {c.Value}")) + ".");
        }

        Drive.Settle();

        var ticks = seconds * _updates;
        var period = (double)Stopwatch.Frequency / _updates;
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var t0 = Stopwatch.GetTimestamp();
        Volatile.Write(ref measuring, 1);
        for (var k = 1; k <= ticks; k++)
        {
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), t0 + (long)(k * period));
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, TimeProvider.System, deadline.Token);
            }

            driver.Tick(more: true);
        }

        driver.Tick(more: false);
        await driver.AllExited.WaitAsync(deadline.Token);
        var elapsed = Drive.SecondsSince(t0);
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        // Let the subscribers get the last batch of the window before the counts are read.
        await Task.Delay(TimeSpan.FromMilliseconds(150), TimeProvider.System, deadline.Token);
        Volatile.Write(ref measuring, 0);

        await Drive.UntilAsync(async ct => await system.CountSucceededAsync(ct) >= _jobs, deadline.Token);
        await system.StopAsync(deadline.Token);
        return new RoundResult(elapsed, cpu, driver.Updates, received / (double)_jobs / elapsed, slowReceived / (double)_jobs / elapsed,
            slowOverflows, driver.MaxCallTicks * 1000.0 / Stopwatch.Frequency, driver.CallsOver1Ms);
    }

    private static long CountProgress(JobEventBatch batch)
    {
        var n = 0L;
        foreach (var e in batch.Events)
        {
            if (e.State == JobState.Processing && e.Progress is not null)
            {
                n++;
            }
        }

        return n;
    }
}

/// <summary>The progress job: hands its context to the shared driver.</summary>
internal sealed class ProgressHandler(ProgressDriver driver) : IJobHandler<NoopArgs>
{
    public Task HandleAsync(NoopArgs args, IJobContext context) => driver.RunAsync(context);
}

/// <summary>The metronome every progress job follows, and the tally of their reports.</summary>
/// <remarks>
/// One shared task per tick rather than a timer per job: the load stays exactly on the beat, and the cost
/// of waking the jobs is the same in the baseline round, so it cancels out.
/// </remarks>
internal sealed class ProgressDriver(int jobs, bool report)
{
    private readonly TaskCompletionSource _allStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _allExited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<bool> _tick = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _stopped;
    private int _started;
    private int _exited;
    private long _updates;
    private long _maxCallTicks;
    private long _callsOver1Ms;

    public Task AllStarted => _allStarted.Task;

    public Task AllExited => _allExited.Task;

    /// <summary>How many jobs have started.</summary>
    public int Started => Volatile.Read(ref _started);

    /// <summary>Wake-ups handled by all jobs (each one a ReportProgress call when reporting).</summary>
    public long Updates => Interlocked.Read(ref _updates);

    public long MaxCallTicks => Interlocked.Read(ref _maxCallTicks);

    public long CallsOver1Ms => Interlocked.Read(ref _callsOver1Ms);

    /// <summary>Wakes every job once; <paramref name="more"/> false tells them to finish.</summary>
    public void Tick(bool more)
    {
        if (!more)
        {
            // Before the swap: a job that wakes late and picks up the tick after this one must see the stop.
            Volatile.Write(ref _stopped, true);
        }

        Interlocked.Exchange(ref _tick, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(more);
    }

    public async Task RunAsync(IJobContext context)
    {
        // Take the current tick before saying "started", so no tick can slip by unseen.
        var tick = Volatile.Read(ref _tick).Task;
        if (Interlocked.Increment(ref _started) == jobs)
        {
            _allStarted.TrySetResult();
        }

        var over1Ms = Stopwatch.Frequency / 1000;
        long n = 0, max = 0, slow = 0;
        while (await tick)
        {
            tick = Volatile.Read(ref _tick).Task;
            if (Volatile.Read(ref _stopped))
            {
                break;
            }

            if (report)
            {
                var before = Stopwatch.GetTimestamp();
                context.ReportProgress((n % 1000) / 1000.0, current: n);
                var took = Stopwatch.GetTimestamp() - before;
                max = Math.Max(max, took);
                slow += took > over1Ms ? 1 : 0;
            }

            n++;
        }

        Interlocked.Add(ref _updates, n);
        Interlocked.Add(ref _callsOver1Ms, slow);
        long seen;
        while (max > (seen = Interlocked.Read(ref _maxCallTicks)) && Interlocked.CompareExchange(ref _maxCallTicks, max, seen) != seen)
        {
        }

        if (Interlocked.Increment(ref _exited) == jobs)
        {
            _allExited.TrySetResult();
        }
    }
}
