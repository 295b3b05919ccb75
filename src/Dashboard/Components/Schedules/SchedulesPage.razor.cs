using Jobs.Dashboard.Actions;
using Jobs.Dashboard.Components.Live;
using Jobs.Dashboard.Components.Shared;
using Jobs.Events;
using Jobs.Scheduling.Model;
using Jobs.Scheduling.Services;
using Microsoft.AspNetCore.Components;

namespace Jobs.Dashboard.Components.Schedules;

/// <summary>Every schedule with its trigger in words, next and previous fire, last run and state, and the actions on it.</summary>
/// <remarks>
/// Re-read when a job a schedule enqueued changes (its runs carry tag <c>schedule:&lt;name&gt;</c>, and the schedule's
/// job type is how an event that carries no tags is recognised), and every <see cref="RefreshInterval"/> so that next
/// fire times and "in 5 min" stay true.
/// </remarks>
public sealed partial class SchedulesPage : LiveComponentBase
{
    /// <summary>How often the list is re-read without any job event.</summary>
    internal static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(15);

    private readonly CancellationTokenSource _stop = new();
    private IReadOnlyList<ScheduleInfo>? _schedules;
    private HashSet<long> _knownRuns = [];
    private HashSet<string> _jobTypes = new(StringComparer.Ordinal);
    private DateTimeOffset _now;
    private string? _error;
    private bool _busy;
    private Task? _refreshLoop;

    [Inject] private IScheduleService Schedules { get; set; } = default!;

    [Inject] private ScheduleActionPolicy Policy { get; set; } = default!;

    [Inject] private ScheduleActionRunner Actions { get; set; } = default!;

    // What the user's role allows: buttons for the rest are not offered (the runner refuses them anyway). Edit stays:
    // the editor also shows the definition and its runs, with saving disabled.
    private bool _mayTrigger;
    private bool _mayEdit;

    protected override async Task OnInitializedAsync()
    {
        (_mayTrigger, _mayEdit) = await Actions.UserMayAsync();
        FollowJobs();
        await ReloadAsync();
        if (RendererInfo.IsInteractive)
        {
            _refreshLoop = RefreshLoopAsync(_stop.Token);
        }
    }

    /// <summary>Re-reads the list; a failure is shown on the page, not thrown.</summary>
    private async Task ReloadAsync()
    {
        try
        {
            var schedules = await Schedules.ListAsync(_stop.Token);
            _schedules = schedules;
            _knownRuns = [.. schedules.Where(s => s.LastRun is not null).Select(s => s.LastRun!.JobId)];
            _jobTypes = new HashSet<string>(schedules.Select(s => s.Definition.JobType), StringComparer.Ordinal);
            _error = null;
        }
        catch (Exception ex) when (StoreErrors.IsStoreFailure(ex) || ex is Quartz.SchedulerException)
        {
            _error = "Could not read the schedules: " + ex.Message;
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The page was left while reading: nothing to show.
            return;
        }

        _now = Time.GetUtcNow();
    }

    protected override async Task OnJobEventsAsync(JobEventBatch batch)
    {
        // A listed run changed, or a job of a scheduled type appeared (possibly a new run): re-read.
        var newest = _knownRuns.Count == 0 ? 0 : _knownRuns.Max();
        if (batch.Overflowed || batch.Events.Any(e => _knownRuns.Contains(e.JobId) || (e.JobId > newest && _jobTypes.Contains(e.Type))))
        {
            await ReloadAsync();
        }
    }

    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(RefreshInterval, Time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await InvokeAsync(async () =>
                {
                    await ReloadAsync();
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page was left.
        }
    }

    /// <summary>Under a fire time: the zone's offset then, and how far away it is ("UTC+01:00 · in 3 h 0 min").</summary>
    private string Caption(DateTimeOffset? at, string? zoneId) =>
        at is null ? "" : ScheduleTimeText.OffsetAt(at, zoneId) + " · " + ScheduleTimeText.Relative(at, _now);

    private Task PauseAsync(ScheduleInfo schedule) => ActAsync(() => Actions.PauseAsync(schedule.Name, schedule.Paused, _stop.Token));

    private Task ResumeAsync(ScheduleInfo schedule) => ActAsync(() => Actions.ResumeAsync(schedule.Name, schedule.Paused, _stop.Token));

    private Task TriggerAsync(ScheduleInfo schedule) => ActAsync(async () => await Actions.TriggerAsync(schedule.Name, schedule.Paused, _stop.Token) is not null);

    private Task DeleteAsync(ScheduleInfo schedule) => ActAsync(() => Actions.DeleteAsync(schedule.Name, schedule.Paused, _stop.Token));

    /// <summary>Runs an action with the buttons disabled, then re-reads the list.</summary>
    private async Task ActAsync(Func<Task<bool>> action)
    {
        _busy = true;
        try
        {
            await action();
        }
        catch (Exception ex) when (StoreErrors.IsStoreFailure(ex) || ex is Quartz.SchedulerException)
        {
            _error = ex.Message;
        }
        finally
        {
            _busy = false;
        }

        await ReloadAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Cancelled, not disposed: a load still in flight may read the token.
            _stop.Cancel();
        }

        base.Dispose(disposing);
    }
}
