using Jobs.Client;
using Jobs.Dashboard.Components.Shared;
using Jobs.Model;
using Microsoft.AspNetCore.Components;

namespace Jobs.Dashboard.Components.Nodes;

/// <summary>The nodes that share the store: name, host, process, workers, jobs running, heartbeat, and whether a node is gone.</summary>
/// <remarks>
/// Heartbeats are rows in the store, written by every node, so no event announces them: the page re-reads the nodes every
/// <see cref="Refresh"/> while it is on screen. "Gone" is the store's verdict (heartbeat older than the lease), not the page's.
/// </remarks>
public sealed partial class NodesPage : ComponentBase, IDisposable
{
    /// <summary>How often the page re-reads the nodes: a heartbeat is a few seconds apart.</summary>
    internal static readonly TimeSpan Refresh = TimeSpan.FromSeconds(3);

    private readonly CancellationTokenSource _stop = new();
    private IReadOnlyList<NodeInfo>? _nodes;
    private DateTimeOffset _loadedAt;
    private string? _error;
    private Task? _refreshLoop;

    [Inject] private IJobQueries Queries { get; set; } = default!;

    [Inject] private TimeProvider Time { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
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
            var nodes = await Queries.ListNodesAsync(_stop.Token);
            _loadedAt = Time.GetUtcNow();
            _nodes = [.. nodes.OrderBy(n => n.Gone).ThenBy(n => n.Name, StringComparer.Ordinal).ThenBy(n => n.StartedAt)];
            _error = null;
        }
        catch (Exception ex) when (StoreErrors.IsStoreFailure(ex))
        {
            _error = StoreErrors.Describe(ex);
        }
    }

    private Task RetryAsync() => LoadAsync();

    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Refresh, Time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await InvokeAsync(async () =>
                {
                    await LoadAsync();
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page was left.
        }
    }

    public void Dispose()
    {
        // Cancelled, not disposed: a load still in flight may read the token.
        _stop.Cancel();
    }
}
