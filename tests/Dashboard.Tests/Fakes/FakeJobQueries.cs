using Jobs.Client;
using Jobs.Model;
using Jobs.Storage;

namespace Jobs.Dashboard.Tests.Fakes;

/// <summary>Jobs held in memory for component tests, with switches for a store that hangs (loading) or fails (error).</summary>
public sealed class FakeJobQueries : IJobQueries
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The jobs, as listed.</summary>
    public List<JobSummary> Jobs { get; } = [];

    /// <summary>Details by id; a job listed without details has none.</summary>
    public Dictionary<long, JobDetails> Details { get; } = [];

    public List<DeadLetterGroup> Groups { get; } = [];

    public Dictionary<string, long> ReadyByQueue { get; } = [];

    /// <summary>When set, every query waits until <see cref="Release"/>.</summary>
    public bool Hang { get; set; }

    /// <summary>When set, every query throws it.</summary>
    public Exception? Failure { get; set; }

    public void Release() => _release.TrySetResult();

    private async Task ReadyAsync(CancellationToken cancellationToken)
    {
        if (Hang)
        {
            await _release.Task.WaitAsync(cancellationToken);
        }

        if (Failure is { } failure)
        {
            throw failure;
        }
    }

    public async Task<JobDetails?> GetAsync(long jobId, CancellationToken cancellationToken = default)
    {
        await ReadyAsync(cancellationToken);
        return Details.GetValueOrDefault(jobId);
    }

    /// <summary>Every filter a list was asked for, in order.</summary>
    public List<JobFilter> Filters { get; } = [];

    /// <summary>How many times a list was asked for.</summary>
    public int ListCalls { get; private set; }

    public async Task<JobPage> ListAsync(JobFilter filter, string? cursor = null, int limit = 50, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ListCalls++;
        await ReadyAsync(cancellationToken);
        Filters.Add(filter);
        var after = cursor is null ? (long?)null : long.Parse(cursor, System.Globalization.CultureInfo.InvariantCulture);
        var matching = Jobs
            .Where(j => filter.State is null || j.State == filter.State)
            .Where(j => filter.Type is null || j.Type == filter.Type)
            .Where(j => filter.Queue is null || j.Queue == filter.Queue)
            .Where(j => filter.Tag is null || j.Tags.Contains(filter.Tag))
            .Where(j => after is null || (filter.OldestFirst ? j.Id > after : j.Id < after));
        var ordered = (filter.OldestFirst ? matching.OrderBy(j => j.Id) : matching.OrderByDescending(j => j.Id)).ToList();
        var items = ordered.Take(limit).ToList();
        var next = ordered.Count > limit ? items[^1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return new JobPage(items, next);
    }

    public async Task<IReadOnlyDictionary<JobState, long>> CountByStateAsync(CancellationToken cancellationToken = default)
    {
        await ReadyAsync(cancellationToken);
        return Enum.GetValues<JobState>().ToDictionary(s => s, s => (long)Jobs.Count(j => j.State == s));
    }

    public async Task<IReadOnlyList<DeadLetterGroup>> DeadLetterGroupsAsync(CancellationToken cancellationToken = default)
    {
        await ReadyAsync(cancellationToken);
        return Groups;
    }

    public async Task<QueueOverview> GetQueueOverviewAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await ReadyAsync(cancellationToken);
        var oldest = Jobs.Where(j => j.State == JobState.Enqueued).Select(j => (DateTimeOffset?)j.CreatedAt).Min();
        return new QueueOverview(ReadyByQueue, oldest, since,
            Jobs.Count(j => j.State == JobState.Succeeded && j.FinishedAt >= since),
            Jobs.Count(j => j.State == JobState.DeadLettered && j.FinishedAt >= since),
            Jobs.Count(j => j.State == JobState.Cancelled && j.FinishedAt >= since));
    }

    /// <summary>The nodes a page would list.</summary>
    public List<NodeInfo> Nodes { get; } = [];

    public async Task<IReadOnlyList<NodeInfo>> ListNodesAsync(CancellationToken cancellationToken = default)
    {
        await ReadyAsync(cancellationToken);
        return Nodes;
    }

    /// <summary>The store's error for a failing store.</summary>
    public static JobStoreException StoreDown() => new("database is locked");
}
