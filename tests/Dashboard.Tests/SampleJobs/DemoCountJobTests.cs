using Jobs.Dashboard.SampleJobs;
using Jobs.Dashboard.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace Jobs.Dashboard.Tests.SampleJobs;

public sealed class DemoCountJobTests
{
    [Fact]
    public async Task HandleAsync_ReportsEveryStep_WhenThereIsNoDelay()
    {
        var job = new DemoCountJob(new FakeTimeProvider());
        var context = new FakeJobContext(TestContext.Current.CancellationToken);

        await job.HandleAsync(new DemoCountArgs(Steps: 4, DelayMs: 0), context);

        Assert.Equal([0.25, 0.5, 0.75, 1.0], context.Reports.Select(r => r.Fraction));
        Assert.Equal([1L, 2L, 3L, 4L], context.Reports.Select(r => r.Current ?? -1));
        Assert.All(context.Reports, r => Assert.Equal(4, r.Total));
    }

    [Fact]
    public async Task HandleAsync_WaitsOnTheInjectedClock_WhenDelayIsSet()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var context = new FakeJobContext(cancel.Token);
        var job = new DemoCountJob(time);

        var run = job.HandleAsync(new DemoCountArgs(Steps: 3, DelayMs: 1000), context);

        // Real time passing cannot finish a step; only the fake clock can.
        Assert.False(run.IsCompleted);
        Assert.Empty(context.Reports);
        time.Advance(TimeSpan.FromSeconds(1));
        var first = await context.NextReportAsync(ct).AsTask().WaitAsync(TimeSpan.FromSeconds(30), ct);
        Assert.Equal(1.0 / 3, first.Fraction, precision: 10);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Single(context.Reports);
    }

    [Fact]
    public async Task HandleAsync_Throws_WhenStepsIsNegative()
    {
        var job = new DemoCountJob(new FakeTimeProvider());

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => job.HandleAsync(new DemoCountArgs(Steps: -1), new FakeJobContext(TestContext.Current.CancellationToken)));
    }
}
