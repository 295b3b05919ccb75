using Jobs.Client;
using Jobs.Dashboard.Components.Live;
using Jobs.Dashboard.Components.Shared;
using Jobs.Events;
using Jobs.Model;
using Jobs.Processing;
using Microsoft.AspNetCore.Components;

namespace Jobs.Dashboard.Components.Overview;

/// <summary>The health of the system at a glance: workers, queues, counts, running jobs and the latest failures, all live.</summary>
/// <remarks>
/// Progress of running jobs is applied from events as they come (a few renders a second). Counts and queue depths are
/// re-read from the store at most once a second after a state change, and every <see cref="FullRefresh"/> anyway, so
/// jobs written by another process (the CLI, another node), which raise no event here, show up too.
/// </remarks>
public sealed partial class OverviewPage : LiveComponentBase
{
    /// <summary>How many running jobs and failures the page lists.</summary>
    internal const int ListSize = 10;

    /// <summary>The window "last hour" counts cover.</summary>
    internal static readonly TimeSpan RecentWindow = TimeSpan.FromHours(1);

    /// <summary>The longest the page goes without re-reading the store.</summary>
    internal static readonly TimeSpan FullRefresh = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<long, JobSummary> _running = [];
    private OverviewSnapshot? _snapshot;
    private string? _error;
    private bool _stale;
    private long _lastLoad;
    private Task? _refreshLoop;

    [Inject] private IJobQueries Queries { get; set; } = default!;

    [Inject] private IWorkerPoolStatus Workers { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        FollowJobs();
        await LoadAsync();
        if (RendererInfo.IsInteractive)
        {
            _refreshLoop = RefreshLoopAsync(_stop.Token);
        }
    }

    private async Task LoadAsync()
    {
        try
        {
            var now = Time.GetUtcNow();
            _stale = false;
            _lastLoad = Time.GetTimestamp();
            var counts = await Queries.CountByStateAsync(_stop.Token);
            var queues = await Queries.GetQueueOverviewAsync(now - RecentWindow, _stop.Token);
            var running = await Queries.ListAsync(new JobFilter { State = JobState.Processing }, null, ListSize, _stop.Token);
            var deadLettered = await Queries.ListAsync(new JobFilter { State = JobState.DeadLettered }, null, ListSize, _stop.Token);
            var failed = await Queries.ListAsync(new JobFilter { State = JobState.Failed }, null, ListSize, _stop.Token);

            // Progress from events may be newer than the store's (it is written once a second): keep the newer one.
            var previous = new Dictionary<long, JobSummary>(_running);
            _running.Clear();
            foreach (var job in running.Items)
            {
                _running[job.Id] = previous.TryGetValue(job.Id, out var live) && live.Progress is not null ? job with { Progress = live.Progress } : job;
            }

            _snapshot = new OverviewSnapshot(
                now,
                Workers.WorkerCount,
                Math.Min(Workers.BusyCount, Workers.WorkerCount),
                counts,
                queues,
                [.. deadLettered.Items.Concat(failed.Items).OrderByDescending(j => j.FinishedAt ?? j.CreatedAt).Take(ListSize)]);
            _error = null;
        }
        catch (Exception ex) when (StoreErrors.IsStoreFailure(ex))
        {
            _error = StoreErrors.Describe(ex);
        }
    }

    protected override Task OnJobEventsAsync(JobEventBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var change in batch.Events)
        {
            if (change.State == JobState.Processing)
            {
                if (_running.TryGetValue(change.JobId, out var job))
                {
                    _running[change.JobId] = job with { Progress = change.Progress ?? job.Progress };
                }
                else
                {
                    _stale = true;
                    if (_running.Count < ListSize)
                    {
                        _running[change.JobId] = new JobSummary
                        {
                            Id = change.JobId,
                            Type = change.Type,
                            Queue = change.Queue,
                            Priority = JobPriority.Normal,
                            State = JobState.Processing,
                            CreatedAt = change.At,
                            Progress = change.Progress,
                        };
                    }
                }
            }
            else
            {
                _stale = true;
                _running.Remove(change.JobId);
            }
        }

        _stale |= batch.Overflowed;
        return Task.CompletedTask;
    }

    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), Time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (_stale || Time.GetElapsedTime(_lastLoad) >= FullRefresh)
                {
                    await InvokeAsync(async () =>
                    {
                        await LoadAsync();
                        StateHasChanged();
                    });
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page was closed.
        }
    }

    private static string JobsLink(string queue) => $"/jobs?queue={Uri.EscapeDataString(queue)}";

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Cancelled, not disposed: a load still in flight may read the token.
            _stop.Cancel();
        }

        base.Dispose(disposing);
    }

    /// <summary>What the page shows, read at <paramref name="TakenAt"/>.</summary>
    private sealed record OverviewSnapshot(
        DateTimeOffset TakenAt,
        int Workers,
        int Busy,
        IReadOnlyDictionary<JobState, long> Counts,
        QueueOverview Queues,
        IReadOnlyList<JobSummary> Failures);
}
