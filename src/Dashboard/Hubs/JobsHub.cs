using Jobs.Dashboard.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Jobs.Dashboard.Hubs;

/// <summary>The public SignalR hub at <c>/hubs/jobs</c>: job changes for clients other than the dashboard's own pages.</summary>
/// <remarks>
/// A client calls <see cref="SubscribeAll"/>, <see cref="SubscribeJob"/> or <see cref="SubscribeQueue"/> and then receives
/// <c>JobChanged</c> (<see cref="JobEventMessage"/>) for each change, the latest of each job at most every 100 ms; when it
/// fell so far behind that changes were dropped it receives <c>Resync</c> and should reload what it shows.
/// </remarks>
[Authorize(Policy = AuthPolicies.Viewer)]
internal sealed class JobsHub : Hub
{
    /// <summary>The client method that receives one change.</summary>
    public const string JobChangedMethod = "JobChanged";

    /// <summary>The client method told to reload after dropped changes.</summary>
    public const string ResyncMethod = "Resync";

    /// <summary>The path the hub is mapped at.</summary>
    public const string Path = "/hubs/jobs";

    private readonly JobHubSubscriptions _subscriptions;

    public JobsHub(JobHubSubscriptions subscriptions) => _subscriptions = subscriptions;

    /// <summary>Receive changes of every job.</summary>
    public void SubscribeAll() => _subscriptions.Add(Context.ConnectionId, JobHubTopic.AllJobs);

    /// <summary>Receive changes of one job.</summary>
    public void SubscribeJob(long jobId)
    {
        if (jobId <= 0)
        {
            throw new HubException($"Job id {jobId} is not valid.");
        }

        _subscriptions.Add(Context.ConnectionId, JobHubTopic.Job(jobId));
    }

    /// <summary>Receive changes of the jobs of one queue.</summary>
    public void SubscribeQueue(string queue)
    {
        if (string.IsNullOrWhiteSpace(queue) || queue.Length > 64)
        {
            throw new HubException("A queue name is 1 to 64 characters.");
        }

        _subscriptions.Add(Context.ConnectionId, JobHubTopic.OfQueue(queue));
    }

    /// <summary>Stop receiving changes (every subscription of this connection).</summary>
    public void UnsubscribeAll() => _subscriptions.RemoveConnection(Context.ConnectionId);

    /// <inheritdoc />
    public override Task OnDisconnectedAsync(Exception? exception)
    {
        _subscriptions.RemoveConnection(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}
