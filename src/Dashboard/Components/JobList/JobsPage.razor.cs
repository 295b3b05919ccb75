using Jobs.Client;
using Jobs.Dashboard.Actions;
using Jobs.Dashboard.Components.Live;
using Jobs.Dashboard.Components.Shared;
using Jobs.Events;
using Jobs.Handlers;
using Jobs.Model;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Jobs.Dashboard.Components.JobList;

/// <summary>Every job, filtered and paged by keyset (any number of jobs), with rows that follow their jobs live.</summary>
/// <remarks>
/// Filters live in the address (<c>?state=&amp;type=&amp;queue=&amp;tag=&amp;q=</c>) so a view can be shared. Paging keeps the
/// cursor of each page start: "older" follows the store's next cursor, "newer" steps back. Rows on screen take their
/// state and progress from events; a job that appears while the first page is shown reloads that page (at most once a second).
/// </remarks>
public sealed partial class JobsPage : LiveComponentBase
{
    /// <summary>Rows per page.</summary>
    internal const int PageSize = 25;

    private static readonly TimeSpan ReloadSpacing = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stop = new();
    private readonly KeysetPager _pager = new();
    private readonly Dictionary<long, JobRow> _rows = [];

    // Live changes of jobs not on screen since the last reload: a reload that brings one in starts from it, since the
    // store may not have written the start yet. Cleared by each reload, so it holds at most one reload's worth.
    private readonly Dictionary<long, JobEvent> _offScreen = [];
    private HashSet<JobRow> _selected = [];
    private MudDataGrid<JobRow>? _grid;
    private JobFilter _filter = new();
    private bool _oldestFirst;
    private string? _error;
    private bool _loading = true;
    private bool _reloadPending;
    private long _lastReload;
    private Task? _reloadLoop;

    [Inject] private IJobQueries Queries { get; set; } = default!;

    [Inject] private JobTypeRegistry Types { get; set; } = default!;

    [Inject] private JobActionPolicy Policy { get; set; } = default!;

    [Inject] private JobActionRunner Actions { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    /// <summary>The state filter, by name (<c>?state=</c>).</summary>
    [SupplyParameterFromQuery(Name = "state")] public string? StateName { get; set; }

    /// <summary>The type filter (<c>?type=</c>).</summary>
    [SupplyParameterFromQuery(Name = "type")] public string? Type { get; set; }

    /// <summary>The queue filter (<c>?queue=</c>).</summary>
    [SupplyParameterFromQuery(Name = "queue")] public string? Queue { get; set; }

    /// <summary>The tag filter (<c>?tag=</c>).</summary>
    [SupplyParameterFromQuery(Name = "tag")] public string? Tag { get; set; }

    /// <summary>The free-text filter (<c>?q=</c>).</summary>
    [SupplyParameterFromQuery(Name = "q")] public string? Text { get; set; }

    private JobState? State { get; set; }

    private bool HasFilter => _filter != new JobFilter { OldestFirst = _filter.OldestFirst };

    private IEnumerable<JobState> SelectedStates => _selected.Select(r => r.Job.State);

    protected override async Task OnInitializedAsync()
    {
        await Policy.LoadUserAsync();
        FollowJobs();
        if (RendererInfo.IsInteractive)
        {
            _reloadLoop = ReloadLoopAsync(_stop.Token);
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        State = Enum.TryParse<JobState>(StateName, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : null;
        var filter = new JobFilter
        {
            State = State,
            Type = Blank(Type),
            Queue = Blank(Queue),
            Tag = Blank(Tag),
            Text = Blank(Text),
            OldestFirst = _oldestFirst,
        };
        if (filter == _filter)
        {
            return;
        }

        _filter = filter;
        ResetPaging();
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Applies a filter change through the address, so back/forward and shared links keep it.</summary>
    private Task SetFilterAsync(Action change)
    {
        change();
        var uri = Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            ["state"] = State?.ToString(),
            ["type"] = Blank(Type),
            ["queue"] = Blank(Queue),
            ["tag"] = Blank(Tag),
            ["q"] = Blank(Text),
        });
        Navigation.NavigateTo(uri, replace: true);
        return Task.CompletedTask;
    }

    private void ResetPaging()
    {
        _pager.Reset();
    }

    private async Task<GridData<JobRow>> LoadPageAsync(GridState<JobRow> state, CancellationToken cancellationToken)
    {
        var oldestFirst = state.SortDefinitions.FirstOrDefault() is { Descending: false };
        if (oldestFirst != _oldestFirst)
        {
            _oldestFirst = oldestFirst;
            _filter = _filter with { OldestFirst = oldestFirst };
            ResetPaging();
        }

        _lastReload = Time.GetTimestamp();
        _reloadPending = false;
        try
        {
            var page = await Queries.ListAsync(_filter, _pager.CurrentStart, PageSize, cancellationToken);
            _pager.NextCursor = page.NextCursor;
            _error = null;
            var rows = new List<JobRow>(page.Items.Count);
            var onPage = new HashSet<long>();
            foreach (var job in page.Items)
            {
                if (_rows.TryGetValue(job.Id, out var row))
                {
                    row.Refresh(job);
                }
                else
                {
                    _rows[job.Id] = row = JobRow.FromStore(job, _offScreen.GetValueOrDefault(job.Id));
                }

                rows.Add(row);
                onPage.Add(job.Id);
            }

            _offScreen.Clear();

            // Forget rows that left the page, unless selected: the selection survives paging.
            foreach (var id in _rows.Keys.Where(id => !onPage.Contains(id) && !_selected.Any(r => r.Id == id)).ToList())
            {
                _rows.Remove(id);
            }

            return new GridData<JobRow> { Items = rows, TotalItems = rows.Count };
        }
        catch (Exception ex) when (StoreErrors.IsStoreFailure(ex))
        {
            _error = StoreErrors.Describe(ex);
            return new GridData<JobRow> { Items = [], TotalItems = 0 };
        }
        finally
        {
            // The grid renders itself; the page around it (pager, error, selection bar) renders here.
            _loading = false;
            StateHasChanged();
        }
    }

    private async Task ReloadAsync()
    {
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

        await ReloadAsync();
    }

    private async Task PreviousPageAsync()
    {
        if (!_pager.MovePrevious())
        {
            return;
        }
        await ReloadAsync();
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

                // Events carry state and progress only: an ended attempt's count, error and times come from the store.
                _reloadPending |= change.State != JobState.Processing;
            }
            else if (!_pager.HasPrevious && !_oldestFirst)
            {
                // A job not on screen changed while the newest page is shown: it may belong at the top.
                _offScreen[change.JobId] = change;
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
                if (_reloadPending && Time.GetElapsedTime(_lastReload) >= ReloadSpacing)
                {
                    await InvokeAsync(ReloadAsync);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page was closed.
        }
    }

    private async Task RunAsync(JobAction action, long jobId, JobState state)
    {
        if (await Actions.RunAsync(action, jobId, state, _stop.Token) && action == JobAction.Delete)
        {
            _rows.Remove(jobId);
            _selected = [.. _selected.Where(r => r.Id != jobId)];
            await ReloadAsync();
        }
    }

    private async Task RunSelectionAsync(JobAction action)
    {
        var jobs = _selected.Select(r => (r.Id, r.Job.State)).ToList();
        var done = await Actions.RunManyAsync(action, jobs, _stop.Token);
        if (done > 0)
        {
            _selected = [];
            await ReloadAsync();
        }
    }

    private async Task OpenEnqueueAsync()
    {
        var dialog = await Dialogs.ShowAsync<EnqueueJobDialog>("Enqueue job", new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: EnqueueResult enqueued })
        {
            Snackbar.Add(enqueued.Existing
                ? $"A job with that unique key already exists: #{enqueued.JobId}."
                : $"Enqueued job #{enqueued.JobId} ({enqueued.State}).", Severity.Success);
            await ReloadAsync();
        }
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
