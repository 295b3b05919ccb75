using Jobs.Events;

namespace Jobs.Storage.Postgres;

/// <summary>The event stream of a node on PostgreSQL: the local stream, plus the other nodes' events fed into it.</summary>
/// <remarks>
/// Publishers (the store's writer, running jobs' progress) and subscribers (dashboards, the hub) keep using
/// <see cref="IJobEventStream"/> as on SQLite; this decorator also hands every local change to
/// <see cref="PostgresNotifications"/>, and publishes what other nodes send into the local stream only,
/// so a dashboard on node A shows a job running on node B and nothing echoes back.
/// </remarks>
internal sealed class PostgresEventRelay : IJobEventStream
{
    private readonly JobEventStream _local;
    private readonly PostgresNotifications _notifications;

    public PostgresEventRelay(JobEventStream local, PostgresNotifications notifications)
    {
        _local = local;
        _notifications = notifications;
        notifications.EventsReceived += events =>
        {
            foreach (var e in events)
            {
                _local.Publish(e);
            }
        };
    }

    public void Publish(JobEvent change)
    {
        _local.Publish(change);
        _notifications.Send(change);
    }

    public IDisposable Subscribe(Func<JobEventBatch, Task> handler, long? jobId = null) => _local.Subscribe(handler, jobId);
}
