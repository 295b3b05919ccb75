using System.Threading.Channels;
using Jobs.Client;
using Jobs.Dashboard.Hubs;
using Jobs.Dashboard.Tests.Fakes;
using Jobs.Dashboard.Tests.Infrastructure;
using Jobs.Model;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Dashboard.Tests.Hubs;

/// <summary>The public hub <c>/hubs/jobs</c> with a real SignalR client over WebSockets against the app on Kestrel.</summary>
public sealed class JobsHubTests(KestrelDashboardFactory app) : IClassFixture<KestrelDashboardFactory>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SubscribeJob_ReceivesProgressThenFinalState_InOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        var gates = app.Services.GetRequiredService<JobGates>();
        await using var connection = await ConnectAsync(ct);
        var received = Listen(connection);

        // Enqueued first so its id is known; it cannot finish before the test opens its gates.
        var job = await app.Services.GetRequiredService<IJobClient>().EnqueueAsync(
            new JobRequest { Type = GatedJob.Name, Arguments = """{"steps":3}""", Queue = "hub-one" }, ct);
        await connection.InvokeAsync(nameof(JobsHub.SubscribeJob), job.JobId, ct);
        await gates.StartedAsync(job.JobId).WaitAsync(Wait, ct);

        var seen = new List<JobEventMessage>();
        for (var step = 1; step <= 3; step++)
        {
            gates.Step(job.JobId);
            var expected = step == 3 ? null : (double?)step / 3;
            seen.Add(await ReadUntilAsync(received, m => expected is { } f ? m.Progress >= f - 1e-9 : m.State == nameof(JobState.Succeeded), seen, ct));
        }

        Assert.All(seen, m => Assert.Equal(job.JobId, m.JobId));
        Assert.All(seen, m => Assert.Equal(GatedJob.Name, m.Type));
        Assert.All(seen, m => Assert.Equal("hub-one", m.Queue));
        var progress = seen.Where(m => m.State == nameof(JobState.Processing) && m.Progress > 0).ToList();
        Assert.True(progress.Zip(progress.Skip(1)).All(p => p.First.Progress < p.Second.Progress), "progress only grows");
        Assert.Contains(progress, m => Math.Abs(m.Progress!.Value - 1.0 / 3) < 1e-9 && m.Message == "Step 1 of 3" && m.Current == 1 && m.Total == 3);
        Assert.Contains(progress, m => Math.Abs(m.Progress!.Value - 2.0 / 3) < 1e-9 && m.Message == "Step 2 of 3" && m.Current == 2 && m.Total == 3);
        Assert.Equal(nameof(JobState.Succeeded), seen[^1].State);
        Assert.True(seen.Zip(seen.Skip(1)).All(p => p.First.At <= p.Second.At), "events arrive in time order");
    }

    [Fact]
    public async Task SubscribeQueue_ReceivesOnlyThatQueuesJobs()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = app.Services.GetRequiredService<IJobClient>();
        await using var connection = await ConnectAsync(ct);
        var received = Listen(connection);
        await connection.InvokeAsync(nameof(JobsHub.SubscribeQueue), "hub-watched", ct);

        var other = await client.EnqueueAsync(new JobRequest { Type = "noop", Queue = "hub-other" }, ct);
        var watched = await client.EnqueueAsync(new JobRequest { Type = "noop", Queue = "hub-watched" }, ct);

        var seen = new List<JobEventMessage>();
        await ReadUntilAsync(received, m => m.JobId == watched.JobId && m.State == nameof(JobState.Succeeded), seen, ct);
        Assert.All(seen, m => Assert.Equal("hub-watched", m.Queue));
        Assert.DoesNotContain(seen, m => m.JobId == other.JobId);
    }

    [Theory]
    [InlineData(nameof(JobsHub.SubscribeJob), 0L)]
    [InlineData(nameof(JobsHub.SubscribeJob), -5L)]
    [InlineData(nameof(JobsHub.SubscribeQueue), " ")]
    public async Task Subscribe_BadArgument_FailsWithReason(string method, object argument)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = await ConnectAsync(ct);

        var error = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync(method, argument, ct));
        Assert.Matches("not valid|1 to 64", error.Message);
    }

    private async Task<HubConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress, "hubs/jobs"), HttpTransportType.WebSockets)
            .Build();
        await connection.StartAsync(cancellationToken);
        return connection;
    }

    private static ChannelReader<JobEventMessage> Listen(HubConnection connection)
    {
        var channel = Channel.CreateUnbounded<JobEventMessage>();
        connection.On<JobEventMessage>(JobsHub.JobChangedMethod, m => channel.Writer.TryWrite(m));
        return channel.Reader;
    }

    /// <summary>Reads messages (recording each in <paramref name="seen"/>) until one matches; fails after <see cref="Wait"/>.</summary>
    private static async Task<JobEventMessage> ReadUntilAsync(ChannelReader<JobEventMessage> reader, Func<JobEventMessage, bool> match, List<JobEventMessage> seen, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Wait);
        while (true)
        {
            var message = await reader.ReadAsync(timeout.Token);
            if (match(message))
            {
                return message;
            }

            seen.Add(message);
        }
    }
}
