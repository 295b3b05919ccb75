using System.Collections.Concurrent;
using Jobs.Dashboard.Hubs;
using Jobs.Dashboard.Tests.Infrastructure;
using Jobs.Events;
using Jobs.Model;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Jobs.Dashboard.Tests.Hubs;

/// <summary>A hub client that does not read must not slow the engine nor make the server queue its events.</summary>
public sealed class SlowHubClientTests(DashboardFactory app) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task StuckClient_NeitherBlocksPublishingNorQueuesEveryEvent_AndGetsTheLatestOfEachJob()
    {
        var ct = TestContext.Current.CancellationToken;
        var stream = app.Services.GetRequiredService<IJobEventStream>();
        using var client = new StuckClient();
        var subscriptions = new JobHubSubscriptions(stream, new SingleClientHubContext(client), NullLogger<JobHubSubscriptions>.Instance);
        subscriptions.Add("slow", JobHubTopic.AllJobs);

        const int jobs = 10;
        const int updatesPerJob = 2_000;
        Publish(stream, jobId: 1, step: 0);
        await client.FirstSendStarted.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);

        // The client's first send is stuck; publishing goes on regardless and returns every time.
        for (var step = 1; step <= updatesPerJob; step++)
        {
            for (var job = 1; job <= jobs; job++)
            {
                Publish(stream, job, step);
            }
        }

        Assert.Equal(1, client.SendsStarted);
        client.Unblock();

        // Once it reads again it gets each job's latest change, not the 20,000 in between.
        await client.WaitForAsync(m => Enumerable.Range(1, jobs).All(j => m.TryGetValue(j, out var last) && last.Current == updatesPerJob), ct);
        Assert.InRange(client.SendsStarted, jobs + 1, 3 * jobs);
        subscriptions.RemoveConnection("slow");
    }

    private static void Publish(IJobEventStream stream, long jobId, int step) =>
        stream.Publish(new JobEvent(jobId, "slow.test", "slow", JobState.Processing, new JobProgress(step / 2000.0, null, step, 2000), DateTimeOffset.UnixEpoch));

    /// <summary>A client whose first send does not complete until the test says so.</summary>
    private sealed class StuckClient : IClientProxy, IDisposable
    {
        public void Dispose() => _received.Dispose();

        private readonly TaskCompletionSource _unblocked = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ConcurrentDictionary<long, JobEventMessage> _latest = new();
        private readonly SemaphoreSlim _received = new(0);
        private int _sends;

        public TaskCompletionSource FirstSendStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int SendsStarted => Volatile.Read(ref _sends);

        public void Unblock() => _unblocked.TrySetResult();

        public async Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _sends);
            FirstSendStarted.TrySetResult();
            await _unblocked.Task.WaitAsync(cancellationToken);
            if (method == JobsHub.JobChangedMethod && args is [JobEventMessage message])
            {
                _latest[message.JobId] = message;
                _received.Release();
            }
        }

        public async Task WaitForAsync(Func<IReadOnlyDictionary<long, JobEventMessage>, bool> done, CancellationToken cancellationToken)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            while (!done(_latest))
            {
                await _received.WaitAsync(timeout.Token);
            }
        }
    }

    private sealed class SingleClientHubContext(IClientProxy client) : IHubContext<JobsHub>
    {
        public IHubClients Clients { get; } = new SingleClientHubClients(client);

        public IGroupManager Groups => throw new NotSupportedException();
    }

    private sealed class SingleClientHubClients(IClientProxy client) : IHubClients
    {
        public IClientProxy Client(string connectionId) => client;

        public IClientProxy All => throw new NotSupportedException();

        public IClientProxy AllExcept(IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

        public IClientProxy Clients(IReadOnlyList<string> connectionIds) => throw new NotSupportedException();

        public IClientProxy Group(string groupName) => throw new NotSupportedException();

        public IClientProxy GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

        public IClientProxy Groups(IReadOnlyList<string> groupNames) => throw new NotSupportedException();

        public IClientProxy User(string userId) => throw new NotSupportedException();

        public IClientProxy Users(IReadOnlyList<string> userIds) => throw new NotSupportedException();
    }
}
