using System.Globalization;
using Jobs.Dashboard.Actions;
using Jobs.Dashboard.Components.Live;
using Jobs.Dashboard.Components.Shared;
using Jobs.Events;
using Jobs.Handlers;
using Jobs.Scheduling.Model;
using Jobs.Scheduling.Services;
using Jobs.Scheduling.Validation;
using Microsoft.AspNetCore.Components;

namespace Jobs.Dashboard.Components.Schedules;

/// <summary>Creates a schedule (<c>/schedules/new</c>) or edits one (<c>/schedules/{name}</c>) and shows its recent runs.</summary>
/// <remarks>
/// The schedule service is the only judge of a definition: as the user types, the trigger fields go to its preview
/// (debounced by <see cref="PreviewDelay"/>), which answers with the next fire times and the plain-words reading, or with
/// its messages by field; a save answers with all fields' messages. Each message is shown at its field, and a refused
/// save stores nothing. The form itself checks only what it must to build a definition (JSON syntax, readable dates).
/// </remarks>
public sealed partial class ScheduleEditorPage : LiveComponentBase
{
    /// <summary>How long typing must pause before the preview is recomputed.</summary>
    internal static readonly TimeSpan PreviewDelay = TimeSpan.FromMilliseconds(300);

    /// <summary>How many fire times the preview lists.</summary>
    internal const int PreviewCount = 10;

    /// <summary>The fields the preview checks: their messages come from the preview, the rest only from a save.</summary>
    private static readonly HashSet<string> TriggerFields = new(StringComparer.Ordinal) { "trigger", "cron", "every", "runAt", "timeZone", "startAt", "endAt", "misfire", "misfireCap" };

    /// <summary>The fields with a place on the form; a message for any other goes to the alert under it.</summary>
    private static readonly HashSet<string> FormFields = new(StringComparer.Ordinal)
    {
        "name", "description", "jobType", "arguments", "queue", "priority", "overlap", "trigger", "cron", "every", "runAt", "timeZone", "startAt", "endAt", "misfire", "misfireCap",
    };

    private static readonly DayOfWeek[] WeekDays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    private readonly CancellationTokenSource _stop = new();
    private CancellationTokenSource? _pendingPreview;
    private ScheduleForm? _form;
    private ScheduleInfo? _existing;
    private IReadOnlyList<ScheduleRun>? _runs;
    private IReadOnlyList<DateTimeOffset> _preview = [];
    private string? _summary;
    private string? _previewProblem;
    private Dictionary<string, string> _formErrors = new(StringComparer.Ordinal);
    private Dictionary<string, string> _previewErrors = new(StringComparer.Ordinal);
    private Dictionary<string, string> _saveErrors = new(StringComparer.Ordinal);
    private List<string> _otherErrors = [];
    private bool _notFound;
    private string? _loadError;
    private bool _saving;
    private string? _loadedName;

    /// <summary>The schedule's name; absent on <c>/schedules/new</c>.</summary>
    [Parameter] public string? Name { get; set; }

    [Inject] private IScheduleService Schedules { get; set; } = default!;

    [Inject] private JobTypeRegistry JobTypes { get; set; } = default!;

    [Inject] private ScheduleActionPolicy Policy { get; set; } = default!;

    [Inject] private ScheduleActionRunner Actions { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private bool IsNew => string.IsNullOrEmpty(Name);

    private TimeZoneInfo PreviewZone => ScheduleTimeText.Zone(_form?.TimeZone);

    // What the user's role allows: a viewer or operator sees the form but cannot save (the runner refuses anyway).
    private bool _mayTrigger;
    private bool _mayEdit;

    protected override async Task OnInitializedAsync() => (_mayTrigger, _mayEdit) = await Actions.UserMayAsync();

    protected override async Task OnParametersSetAsync()
    {
        if (_form is not null && string.Equals(_loadedName, Name, StringComparison.Ordinal))
        {
            return;
        }

        _loadedName = Name;
        _notFound = false;
        _loadError = null;
        _existing = null;
        _runs = null;
        ClearErrors();
        if (IsNew)
        {
            _form = new ScheduleForm { JobType = JobTypes.All.Count > 0 ? JobTypes.All[0].Name : null };
        }
        else
        {
            FollowJobs();
            try
            {
                _existing = await Schedules.GetAsync(Name!, _stop.Token);
                if (_existing is null)
                {
                    _notFound = true;
                    _form = null;
                    return;
                }

                _form = ScheduleForm.From(_existing);
                _runs = await Schedules.RecentRunsAsync(Name!, 20, _stop.Token);
            }
            catch (Exception ex) when (StoreErrors.IsStoreFailure(ex) || ex is Quartz.SchedulerException)
            {
                _loadError = "Could not read the schedule: " + ex.Message;
                _form = null;
                return;
            }
        }

        UpdatePreview();
    }

    protected override async Task OnJobEventsAsync(JobEventBatch batch)
    {
        if (_existing is null)
        {
            return;
        }

        // A listed run changed, or a job of this schedule's type appeared (possibly a new run): re-read the history.
        var newest = _runs is { Count: > 0 } runs ? runs.Max(r => r.JobId) : 0;
        var jobType = _existing.Definition.JobType;
        if (batch.Overflowed || batch.Events.Any(e => (_runs?.Any(r => r.JobId == e.JobId) ?? false) || (e.JobId > newest && e.Type == jobType)))
        {
            await ReloadHistoryAsync();
        }
    }

    private async Task ReloadHistoryAsync()
    {
        if (_existing is null)
        {
            return;
        }

        try
        {
            _runs = await Schedules.RecentRunsAsync(_existing.Name, 20, _stop.Token);
            _existing = await Schedules.GetAsync(_existing.Name, _stop.Token) ?? _existing;
        }
        catch (Exception ex) when (StoreErrors.IsStoreFailure(ex) || ex is Quartz.SchedulerException)
        {
            _loadError = "Could not read the schedule's runs: " + ex.Message;
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The page was left while reading: nothing to show.
        }
    }

    /// <summary>After any field changed: that field's save message is stale; re-check the form and, after a pause in typing, the preview.</summary>
    private async Task ChangedAsync(string field)
    {
        _saveErrors.Remove(field);
        if (field == "trigger")
        {
            foreach (var f in TriggerFields)
            {
                _saveErrors.Remove(f);
            }
        }

        _otherErrors = [];
        CheckForm();
        await SchedulePreviewAsync();
    }

    private Task PresetChangedAsync()
    {
        _form?.ApplyPreset();
        return ChangedAsync("cron");
    }

    private Task CronTypedAsync()
    {
        // A hand-typed expression is no longer the preset's.
        if (_form is not null && CronPreset.Expression(_form.Preset, TimeSpan.Zero, _form.PresetWeekday, _form.PresetDayOfMonth) is not null)
        {
            var before = _form.Cron;
            _form.ApplyPreset();
            if (!string.Equals(before, _form.Cron, StringComparison.Ordinal))
            {
                _form.Preset = CronPresetKind.Custom;
                _form.Cron = before;
            }
        }

        return ChangedAsync("cron");
    }

    /// <summary>Waits for a pause in typing, then recomputes the preview; a newer keystroke cancels the wait.</summary>
    private async Task SchedulePreviewAsync()
    {
        _pendingPreview?.Cancel();
        var pending = _pendingPreview = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        try
        {
            await Task.Delay(PreviewDelay, Time, pending.Token);
        }
        catch (OperationCanceledException) when (pending.IsCancellationRequested)
        {
            return;
        }

        UpdatePreview();
    }

    /// <summary>Asks the schedule service for the next fire times and the reading; its messages go to their fields.</summary>
    private void UpdatePreview()
    {
        if (_form is null)
        {
            return;
        }

        CheckForm();
        var (definition, formErrors) = _form.ToDefinition();
        _previewErrors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (formErrors.Keys.Any(TriggerFields.Contains))
        {
            _preview = [];
            _summary = null;
            _previewProblem = "Fix the marked fields to see the fire times.";
            return;
        }

        try
        {
            _preview = Schedules.Preview(definition, PreviewCount);
            _summary = Schedules.Describe(definition);
            _previewProblem = null;
        }
        catch (ScheduleValidationException ex)
        {
            foreach (var (field, messages) in ex.Errors)
            {
                _previewErrors[field] = string.Join(" ", messages);
            }

            _preview = [];
            _summary = null;
            _previewProblem = "Fix the marked fields to see the fire times.";
        }
    }

    /// <summary>What the form can tell without the service: JSON syntax and readable dates.</summary>
    private void CheckForm()
    {
        if (_form is null)
        {
            return;
        }

        var (_, errors) = _form.ToDefinition();
        if (JsonText.Validate(_form.Arguments) is { } jsonError)
        {
            errors["arguments"] = jsonError;
        }

        _formErrors = errors;
    }

    private bool HasError(string field) => ErrorFor(field) is not null;

    private string? ErrorFor(string field) =>
        _formErrors.TryGetValue(field, out var form) ? form
        : _saveErrors.TryGetValue(field, out var save) ? save
        : _previewErrors.TryGetValue(field, out var preview) ? preview
        : null;

    private void ClearErrors()
    {
        _formErrors = new(StringComparer.Ordinal);
        _previewErrors = new(StringComparer.Ordinal);
        _saveErrors = new(StringComparer.Ordinal);
        _otherErrors = [];
    }

    private async Task SaveAsync()
    {
        if (_form is null)
        {
            return;
        }

        _pendingPreview?.Cancel();
        UpdatePreview();
        _saveErrors = new(StringComparer.Ordinal);
        _otherErrors = [];
        if (_formErrors.Count > 0)
        {
            return;
        }

        var (definition, _) = _form.ToDefinition();
        _saving = true;
        try
        {
            var saved = IsNew
                ? await Actions.CreateAsync(definition, _stop.Token)
                : await Actions.UpdateAsync(Name!, definition, _existing?.Paused ?? false, _stop.Token);
            if (saved is not null)
            {
                Navigation.NavigateTo("/schedules");
            }
        }
        catch (ScheduleValidationException ex)
        {
            // Nothing was saved: each message goes to its field, anything without a field under the form.
            foreach (var (field, messages) in ex.Errors)
            {
                var text = string.Join(" ", messages);
                if (FormFields.Contains(field))
                {
                    _saveErrors[field] = text;
                }
                else
                {
                    _otherErrors.Add($"{field}: {text}");
                }
            }

            if (ex.Errors.Count == 0)
            {
                _otherErrors.Add(ex.Message);
            }
        }
        catch (Exception ex) when (StoreErrors.IsStoreFailure(ex) || ex is Quartz.SchedulerException)
        {
            _otherErrors = ["Not saved: " + ex.Message];
        }
        finally
        {
            _saving = false;
        }
    }

    private async Task TriggerAsync()
    {
        if (_existing is { } schedule)
        {
            await Actions.TriggerAsync(schedule.Name, schedule.Paused, _stop.Token);
            await ReloadHistoryAsync();
        }
    }

    private async Task DeleteAsync()
    {
        if (_existing is { } schedule && await Actions.DeleteAsync(schedule.Name, schedule.Paused, _stop.Token))
        {
            Navigation.NavigateTo("/schedules");
        }
    }

    private static Task<IEnumerable<string>> SearchZonesAsync(string text, CancellationToken cancellationToken) =>
        Task.FromResult(TimeZoneCatalog.Search(text));

    private string PreviewText(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, PreviewZone);
        return local.ToString("ddd yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + ScheduleTimeText.Offset(local.Offset);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Cancelled, not disposed: a preview wait or a load still in flight may read the token.
            _stop.Cancel();
        }

        base.Dispose(disposing);
    }
}
