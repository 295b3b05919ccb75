using Jobs.Client;
using Jobs.Dashboard.Actions;
using Jobs.Dashboard.Api.Audit;
using Jobs.Dashboard.Auth;
using Jobs.Dashboard.Components.Live;
using Jobs.Dashboard.Components.Shared;
using Jobs.Events;
using Jobs.Model;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Jobs.Dashboard.Components.DeadLetter;

/// <summary>The dead-letter queue: its jobs grouped by type and error, with retry (one, a selection, a group) and purge.</summary>
/// <remarks>Re-read at most once a second after a job is dead-lettered or a listed job changes; long group retries show a progress bar.</remarks>
public sealed partial class DeadLetterPage : LiveComponentBase
{
    /// <summary>Rows per page.</summary>
    internal const int PageSize = 25;

    private static readonly TimeSpan ReloadSpacing = TimeSpan.FromSeconds(1);
    private static readonly JobFilter DeadLettered = new() { State = JobState.DeadLettered };

    private readonly CancellationTokenSource _stop = new();
    private readonly KeysetPager _pager = new();
    private readonly Dictionary<long, JobRow> _rows = [];
    private HashSet<JobRow> _selected = [];
    private MudDataGrid<JobRow>? _grid;
    private IReadOnlyList<DeadLetterGroup>? _groups;
    private string? _error;
    private bool _busy;
    private WorkProgress? _work;
    private bool _reloadPending;
    private long _lastReload;
    private Task? _reloadLoop;

    [Inject] private IJobQueries Queries { get; set; } = default!;

    [Inject] private IJobClient Client { get; set; } = default!;

    [Inject] private JobActionPolicy Policy { get; set; } = default!;

    [Inject] private JobActionRunner Actions { get; set; } = default!;

    [Inject] private DeadLetterGroupRetrier GroupRetrier { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private long TotalDeadLettered => _groups?.Sum(g => g.Count) ?? 0;

    protected override async Task OnInitializedAsync()
    {
        await Policy.LoadUserAsync();
        FollowJobs();
        await LoadGroupsAsync();
        if (RendererInfo.IsInteractive)
        {
            _reloadLoop = ReloadLoopAsync(_stop.Token);
        }
    }

    private async Task LoadGroupsAsync()
    {
        try
        {
            _groups = await Queries.DeadLetterGroupsAsync(_stop.Token);
            _error = null;
        }
        catch (Exception ex) when (StoreErrors.IsStoreFailure(ex))
        {
            _error = StoreErrors.Describe(ex);
        }
    }

    private async Task<GridData<JobRow>> LoadPageAsync(GridState<JobRow> state, CancellationToken cancellationToken)
    {
        _lastReload = Time.GetTimestamp();
        _reloadPending = false;
        try
        {
            var page = await Queries.ListAsync(DeadLettered, _pager.CurrentStart, PageSize, cancellationToken);
            _pager.NextCursor = page.NextCursor;
            var rows = page.Items.Select(job =>
            {
                if (_rows.TryGetValue(job.Id, out var row))
                {
                    row.Refresh(job);
                    return row;
                }

                return _rows[job.Id] = new JobRow(job);
            }).ToList();
            return new GridData<JobRow> { Items = rows, TotalItems = rows.Count };
        }
        catch (Exception ex) when (StoreErrors.IsStoreFailure(ex))
        {
            _error = StoreErrors.Describe(ex);
            return new GridData<JobRow> { Items = [], TotalItems = 0 };
        }
        finally
        {
            // The grid renders itself; the pager and the error around it render here.
            StateHasChanged();
        }
    }

    private async Task ReloadAsync()
    {
        _reloadPending = false;
        _lastReload = Time.GetTimestamp();
        await LoadGroupsAsync();
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    private async Task NextPageAsync()
    {
        if (!_pager.MoveNext())
        {
            return;
        }

        await _grid!.ReloadServerData();
    }

    private async Task PreviousPageAsync()
    {
        if (_pager.MovePrevious())
        {
            await _grid!.ReloadServerData();
        }
    }

    private void OnSelectionChanged(HashSet<JobRow> selected) => _selected = selected;

    protected override Task OnJobEventsAsync(JobEventBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var change in batch.Events)
        {
            if (_rows.TryGetValue(change.JobId, out var row))
            {
                row.Apply(change);
                _reloadPending = true;
            }
            else if (change.State == JobState.DeadLettered)
            {
                _reloadPending = true;
            }
        }

        _reloadPending |= batch.Overflowed;
        return Task.CompletedTask;
    }

    private async Task ReloadLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(ReloadSpacing, Time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (_reloadPending && !_busy && Time.GetElapsedTime(_lastReload) >= ReloadSpacing)
                {
                    await InvokeAsync(async () =>
                    {
                        await ReloadAsync();
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

    private async Task RetryOneAsync(JobRow row)
    {
        if (await Actions.RunAsync(JobAction.Retry, row.Id, row.Job.State, _stop.Token))
        {
            _selected = [.. _selected.Where(r => r.Id != row.Id)];
            await ReloadAsync();
        }
    }

    private async Task RetrySelectedAsync()
    {
        var user = await Actions.RequireOperatorAsync("retry dead-lettered jobs");
        if (user is null)
        {
            return;
        }

        var ids = _selected.Where(r => JobActionPolicy.StateAllows(JobAction.Retry, r.Job.State)).Select(r => r.Id).ToList();
        if (ids.Count == 0)
        {
            Snackbar.Add("None of the selected jobs is still dead-lettered.", Severity.Warning);
            return;
        }

        await RunBusyAsync(async () =>
        {
            var retried = await Client.RetryDeadLetteredAsync(ids, _stop.Token);
            if (retried > 0)
            {
                await Actions.RecordAsync(user, AuditActions.DeadLetterRetry, AuditTargets.DeadLetter, null, AuditDetails.DeadLetterRetried(retried, ids));
            }

            Snackbar.Add($"Retried {retried} of {ids.Count} selected jobs.", retried == ids.Count ? Severity.Success : Severity.Warning);
            _selected = [];
        });
    }

    private async Task RetryGroupAsync(DeadLetterGroup group)
    {
        var user = await Actions.RequireOperatorAsync("retry dead-lettered jobs");
        if (user is null)
        {
            return;
        }

        await RunBusyAsync(async () =>
        {
            var label = $"Retrying {group.JobType} / {group.ErrorType ?? "(no error type)"}";
            _work = new WorkProgress(label, 0, group.Count);
            var retried = await GroupRetrier.RetryAsync(group, done =>
            {
                _work = new WorkProgress(label, done, group.Count);
                StateHasChanged();
            }, _stop.Token);
            if (retried > 0)
            {
                await Actions.RecordAsync(user, AuditActions.DeadLetterRetry, AuditTargets.DeadLetter, null, AuditDetails.DeadLetterGroupRetried(retried, group.JobType, group.ErrorType));
            }

            Snackbar.Add($"Retried {retried} {group.JobType} jobs that failed with {group.ErrorType ?? "no error type"}.", retried > 0 ? Severity.Success : Severity.Warning);
        });
    }

    private async Task PurgeAsync()
    {
        if (await Actions.RequireOperatorAsync("purge the dead-letter queue") is not { } user)
        {
            return;
        }

        var total = TotalDeadLettered;
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Purge the dead-letter queue?",
            $"All {total} dead-lettered jobs, with their history and logs, are deleted for good.",
            yesText: $"Purge {total} jobs",
            cancelText: "Keep");
        if (confirmed != true)
        {
            return;
        }

        await RunBusyAsync(async () =>
        {
            var purged = await Client.PurgeDeadLetteredAsync(cancellationToken: _stop.Token);
            if (purged > 0)
            {
                await Actions.RecordAsync(user, AuditActions.DeadLetterPurge, AuditTargets.DeadLetter, null, AuditDetails.DeadLetterPurged(purged, olderThan: null));
            }

            Snackbar.Add($"Purged {purged} dead-lettered jobs.", Severity.Success);
            _selected = [];
            _rows.Clear();
            _pager.Reset();
        });
    }

    /// <summary>Runs a bulk action with the buttons disabled, then re-reads the page; a store failure is shown, not thrown.</summary>
    private async Task RunBusyAsync(Func<Task> work)
    {
        _busy = true;
        try
        {
            await work();
        }
        catch (Exception ex) when (StoreErrors.IsStoreFailure(ex))
        {
            Snackbar.Add(StoreErrors.Describe(ex), Severity.Error);
        }
        finally
        {
            _busy = false;
            _work = null;
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

    /// <summary>A bulk action under way: what, and how far.</summary>
    private sealed record WorkProgress(string Label, long Done, long Total);
}
