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

namespace Jobs.Dashboard.Components.JobDetail;

/// <summary>Everything about one job, following it live: progress from events at once, the rest re-read when its state changes.</summary>
/// <remarks>
/// While the job runs, its logs reach the store about once a second, so the page re-reads it every <see cref="RunningRefresh"/>
/// then; a finished job is read again only when an event says it changed (a retry, for example).
/// </remarks>
public sealed partial class JobDetailPage : LiveComponentBase
{
    /// <summary>The metadata key naming the schedule that enqueued a job (shared convention with the scheduler).</summary>
    internal const string ScheduleKey = "schedule";

    /// <summary>The metadata key with the schedule's fire time (ISO-8601 UTC).</summary>
    internal const string ScheduleFireTimeKey = "scheduleFireTime";

    /// <summary>How often a running job is re-read (for its log lines).</summary>
    internal static readonly TimeSpan RunningRefresh = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stop = new();
    private JobDetails? _details;
    private bool _notFound;
    private string? _error;
    private bool _stale;
    private long _loadedId;
    private Task? _refreshLoop;
    private List<BreadcrumbItem> _breadcrumbs = [];
    private IReadOnlyList<AuditEntry> _activity = [];

    /// <summary>The job's id, from the address.</summary>
    [Parameter] public long Id { get; set; }

    [Inject] private IJobQueries Queries { get; set; } = default!;

    [Inject] private JobActionPolicy Policy { get; set; } = default!;

    [Inject] private JobActionRunner Actions { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private IAuditLog Audit { get; set; } = default!;

    protected override async Task OnInitializedAsync() => await Policy.LoadUserAsync();

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedId == Id && (_details is not null || _notFound))
        {
            return;
        }

        _loadedId = Id;
        _details = null;
        _notFound = false;
        _breadcrumbs = [new BreadcrumbItem("Jobs", "/jobs"), new BreadcrumbItem($"#{Id}", null, disabled: true)];
        FollowJobs(Id);
        await LoadAsync();
        if (RendererInfo.IsInteractive && _refreshLoop is null)
        {
            _refreshLoop = RefreshLoopAsync(_stop.Token);
        }
    }

    private async Task LoadAsync()
    {
        try
        {
            _stale = false;
            var details = await Queries.GetAsync(Id, _stop.Token);
            _notFound = details is null;

            // The store holds progress at most a second old: keep the live value while the job still runs.
            if (details is not null && _details is { Summary.Progress: { } live } && details.Summary.State == JobState.Processing
                && (details.Summary.Progress?.Fraction ?? -1) < live.Fraction)
            {
                details = details with { Summary = details.Summary with { Progress = live } };
            }

            _details = details;
            // Who did what when: oldest first, as the state history reads.
            _activity = details is null ? [] : [.. (await Audit.ListForTargetAsync(AuditTargets.Job, AuditDetails.JobId(Id), cancellationToken: _stop.Token)).Reverse()];
            _error = null;
        }
        catch (Exception ex) when (StoreErrors.IsStoreFailure(ex))
        {
            _error = StoreErrors.Describe(ex);
        }
    }

    protected override async Task OnJobEventsAsync(JobEventBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var change in batch.Events.Where(e => e.JobId == Id))
        {
            if (_details is { } details && change.State == details.Summary.State && change.State == JobState.Processing)
            {
                _details = details with { Summary = details.Summary with { Progress = change.Progress ?? details.Summary.Progress } };
            }
            else
            {
                _stale = true;
            }
        }

        if (_stale || batch.Overflowed)
        {
            await LoadAsync();
        }
    }

    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(RunningRefresh, Time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (_stale || _details?.Summary.State is JobState.Processing or JobState.Enqueued or JobState.Scheduled or JobState.Failed)
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

    private async Task RunAsync(JobAction action)
    {
        if (_details is not { } details)
        {
            return;
        }

        if (await Actions.RunAsync(action, Id, details.Summary.State, _stop.Token))
        {
            if (action == JobAction.Delete)
            {
                Navigation.NavigateTo("/jobs");
                return;
            }

            await LoadAsync();
        }
    }

    private static string ConditionText(DependencyCondition condition) => condition switch
    {
        DependencyCondition.OnSuccess => "runs if it succeeds",
        DependencyCondition.OnFailure => "runs if it fails for good",
        _ => "runs when it ends",
    };

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
