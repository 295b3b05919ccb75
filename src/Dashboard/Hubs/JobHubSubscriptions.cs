using System.Collections.Concurrent;
using Jobs.Events;
using Microsoft.AspNetCore.SignalR;

namespace Jobs.Dashboard.Hubs;

/// <summary>What a hub connection listens to: all jobs, one job, or one queue.</summary>
internal readonly record struct JobHubTopic(long? JobId, string? Queue)
{
    public static JobHubTopic AllJobs => default;

    public static JobHubTopic Job(long jobId) => new(jobId, null);

    public static JobHubTopic OfQueue(string queue) => new(null, queue);

    public bool Matches(JobEvent change) => Queue is null || string.Equals(change.Queue, Queue, StringComparison.Ordinal);
}

/// <summary>The hub connections' subscriptions to the engine's event stream: one stream subscription per connection and topic.</summary>
/// <remarks>
/// Each subscription awaits its own connection's send, so a slow client only slows its own deliveries; meanwhile the
/// stream keeps the latest change per job for it (bounded, with a resync signal on overflow). The engine never waits:
/// publishing does not wait for any subscriber. A connection may hold at most <see cref="MaxTopicsPerConnection"/> topics.
/// </remarks>
internal sealed class JobHubSubscriptions(IJobEventStream stream, IHubContext<JobsHub> hub, ILogger<JobHubSubscriptions> logger)
{
    /// <summary>The most topics one connection may follow at once.</summary>
    public const int MaxTopicsPerConnection = 100;

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<JobHubTopic, IDisposable>> _connections = new(StringComparer.Ordinal);

    /// <summary>How many connections hold a subscription.</summary>
    public int ConnectionCount => _connections.Count;

    public void Add(string connectionId, JobHubTopic topic)
    {
        var topics = _connections.GetOrAdd(connectionId, _ => new ConcurrentDictionary<JobHubTopic, IDisposable>());
        if (topics.ContainsKey(topic))
        {
            return;
        }

        if (topics.Count >= MaxTopicsPerConnection)
        {
            throw new HubException($"A connection may follow at most {MaxTopicsPerConnection} subscriptions.");
        }

        var client = hub.Clients.Client(connectionId);
        var subscription = stream.Subscribe(batch => SendAsync(client, topic, batch), topic.JobId);
        if (!topics.TryAdd(topic, subscription))
        {
            subscription.Dispose();
        }
    }

    public void RemoveConnection(string connectionId)
    {
        if (_connections.TryRemove(connectionId, out var topics))
        {
            foreach (var subscription in topics.Values)
            {
                subscription.Dispose();
            }
        }
    }

    private async Task SendAsync(IClientProxy client, JobHubTopic topic, JobEventBatch batch)
    {
        if (batch.Overflowed)
        {
            logger.LogInformation("A hub client fell behind on {Topic}; it is told to resync", topic);
            await client.SendAsync(JobsHub.ResyncMethod).ConfigureAwait(false);
        }

        foreach (var change in batch.Events)
        {
            if (topic.Matches(change))
            {
                await client.SendAsync(JobsHub.JobChangedMethod, JobEventMessage.From(change)).ConfigureAwait(false);
            }
        }
    }
}
