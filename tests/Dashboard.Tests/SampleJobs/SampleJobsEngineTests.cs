using System.Collections.Concurrent;
using Jobs.Client;
using Jobs.Dashboard.Tests.Infrastructure;
using Jobs.Events;
using Jobs.Model;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Dashboard.Tests.SampleJobs;

/// <summary>The sample job types as registered by Program, run by the real engine.</summary>
public sealed class SampleJobsEngineTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("noop", null)]
    [InlineData("demo.count", """{"steps":3,"delayMs":1}""")]
    public async Task Enqueue_RunsToSucceeded_WhenTypeIsRegisteredByProgram(string type, string? arguments)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = factory.Services.GetRequiredService<IJobClient>();
        var queries = factory.Services.GetRequiredService<IJobQueries>();
        var events = factory.Services.GetRequiredService<IJobEventStream>();
        var finished = new ConcurrentDictionary<long, TaskCompletionSource<JobState>>();
        TaskCompletionSource<JobState> FinishedOf(long id) =>
            finished.GetOrAdd(id, _ => new TaskCompletionSource<JobState>(TaskCreationOptions.RunContinuationsAsynchronously));
        using var subscription = events.Subscribe(batch =>
        {
            foreach (var e in batch.Events.Where(e => e.State.IsFinal()))
            {
                FinishedOf(e.JobId).TrySetResult(e.State);
            }

            return Task.CompletedTask;
        });

        // Subscribed before enqueueing, so the final event is kept even if it comes before EnqueueAsync returns.
        var enqueued = await client.EnqueueAsync(new JobRequest { Type = type, Arguments = arguments }, ct);
        await FinishedOf(enqueued.JobId).Task.WaitAsync(RunTimeout, ct);
        var details = await queries.GetAsync(enqueued.JobId, ct);

        Assert.NotNull(details);
        Assert.True(details.Summary.State == JobState.Succeeded, $"{details.Summary.State}: {details.Summary.LastErrorType} {details.Summary.LastErrorMessage}");
        if (type == "demo.count")
        {
            Assert.Equal(1.0, details.Summary.Progress?.Fraction);
            Assert.Equal(3, details.Summary.Progress?.Total);
        }
    }
}
