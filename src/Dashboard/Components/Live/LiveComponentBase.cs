using Jobs.Events;
using Microsoft.AspNetCore.Components;

namespace Jobs.Dashboard.Components.Live;

/// <summary>A page or part that follows the engine's job events while it is on screen.</summary>
/// <remarks>
/// Subscribes only once the component is interactive (a prerendered copy is thrown away at once), renders after each
/// delivered batch, and unsubscribes on dispose. A failing handler goes to the renderer like any lifecycle error.
/// </remarks>
public abstract class LiveComponentBase : ComponentBase, IDisposable
{
    private LiveJobEvents? _live;

    [Inject] private IJobEventStream Events { get; set; } = default!;

    /// <summary>The dashboard's clock.</summary>
    [Inject] protected TimeProvider Time { get; set; } = default!;

    /// <summary>Whether the component is subscribed.</summary>
    protected bool IsLive => _live is not null;

    /// <summary>Starts (or restarts) following all jobs, or only <paramref name="jobId"/>.</summary>
    protected void FollowJobs(long? jobId = null)
    {
        if (!RendererInfo.IsInteractive)
        {
            return;
        }

        _live?.Dispose();
        _live = new LiveJobEvents(Events, Time, batch => InvokeAsync(() => DeliverAsync(batch)), jobId);
    }

    private async Task DeliverAsync(JobEventBatch batch)
    {
        try
        {
            await OnJobEventsAsync(batch);
            StateHasChanged();
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    /// <summary>Applies a batch of changes (the latest of each job, oldest first); the component renders afterwards.</summary>
    /// <remarks><see cref="JobEventBatch.Overflowed"/> means changes were dropped: reload the view.</remarks>
    protected abstract Task OnJobEventsAsync(JobEventBatch batch);

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Unsubscribes.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _live?.Dispose();
            _live = null;
        }
    }
}
