using Jobs.Client;
using Jobs.Dashboard.Components.Shared;
using Jobs.Metrics;
using Microsoft.AspNetCore.Components;

namespace Jobs.Dashboard.Components.Metrics;

/// <summary>Throughput, success, durations and queues over a chosen range, per job type, plus this process's figures.</summary>
/// <remarks>
/// Everything comes from the store's aggregates (<see cref="IMetricsQueries"/>) and the process sampler
/// (<see cref="IProcessMetrics"/>): the page never loads jobs one by one, so a busy store costs it a few grouped queries.
/// It re-reads every <see cref="RefreshInterval"/> while open, moving a relative range ("last hour") along with the clock.
/// </remarks>
public sealed partial class MetricsPage : ComponentBase, IDisposable
{
    /// <summary>How often the page re-reads its figures.</summary>
    internal static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _stop = new();
    private MetricsRangeKind _kind = MetricsRangeKind.Last24Hours;
    private string? _jobType;
    private string _customFrom = "";
    private string _customTo = "";
    private Dictionary<string, string[]> _fieldErrors = new(StringComparer.Ordinal);
    private MetricsRange? _range;
    private MetricsCharts? _charts;
    private IReadOnlyList<JobTypeMetrics> _types = [];
    private IReadOnlyList<string> _typeChoices = [];
    private string? _error;
    private bool _loading;
    private Task? _refreshLoop;

    [Inject] private IMetricsQueries Queries { get; set; } = default!;

    [Inject] private IProcessMetrics Process { get; set; } = default!;

    [Inject] private TimeProvider Time { get; set; } = default!;

    private bool HasFinishedJobs => _charts?.Throughput.Any(i => i.Values.Any(v => v > 0)) == true;

    protected override async Task OnInitializedAsync()
    {
        var now = Time.GetUtcNow();
        _customFrom = MetricsRangeChoice.FormatInput(now.AddHours(-6));
        _customTo = MetricsRangeChoice.FormatInput(now);
        await LoadAsync();
        if (RendererInfo.IsInteractive)
        {
            _refreshLoop = RefreshLoopAsync(_stop.Token);
        }
    }

    private async Task LoadAsync()
    {
        _loading = true;
        try
        {
            var range = CurrentRange();
            if (range is null)
            {
                return;
            }

            var intervals = await Queries.GetIntervalsAsync(range, _jobType, _stop.Token);
            var types = await Queries.GetJobTypesAsync(range.From, range.To, _stop.Token);
            var samples = Process.GetSamples(range.From);
            _range = range;
            _charts = MetricsCharts.From(intervals, samples);
            _types = types;
            _typeChoices = [.. types.Select(t => t.JobType).Append(_jobType).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
            _error = null;
            _fieldErrors = new(StringComparer.Ordinal);
        }
        catch (JobValidationException ex)
        {
            _fieldErrors = new Dictionary<string, string[]>(ex.Errors, StringComparer.Ordinal);
        }
        catch (Exception ex) when (StoreErrors.IsStoreFailure(ex))
        {
            _error = StoreErrors.Describe(ex);
        }
        finally
        {
            _loading = false;
        }
    }

    /// <summary>The range to show, or null (with field errors set) when the custom inputs don't parse.</summary>
    private MetricsRange? CurrentRange()
    {
        if (_kind != MetricsRangeKind.Custom)
        {
            return MetricsRangeChoice.Relative(_kind, Time.GetUtcNow());
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var from = MetricsRangeChoice.ParseInput(_customFrom);
        var to = MetricsRangeChoice.ParseInput(_customTo);
        if (from is null)
        {
            errors["from"] = [$"Type the start as {MetricsRangeChoice.InputFormat} (UTC)."];
        }

        if (to is null)
        {
            errors["to"] = [$"Type the end as {MetricsRangeChoice.InputFormat} (UTC)."];
        }

        _fieldErrors = errors;
        if (errors.Count > 0)
        {
            return null;
        }

        var range = MetricsRangeChoice.Custom(from!.Value, to!.Value);
        range.Validate();
        return range;
    }

    private string? FieldError(string field) =>
        _fieldErrors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private async Task OnKindChangedAsync(MetricsRangeKind kind)
    {
        _kind = kind;
        await LoadAsync();
    }

    private async Task OnJobTypeChangedAsync(string? jobType)
    {
        _jobType = string.IsNullOrEmpty(jobType) ? null : jobType;
        await LoadAsync();
    }

    private async Task OnCustomFromChangedAsync(string text)
    {
        _customFrom = text;
        await LoadAsync();
    }

    private async Task OnCustomToChangedAsync(string text)
    {
        _customTo = text;
        await LoadAsync();
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
                    await LoadAsync();
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page was closed.
        }
    }

    /// <summary>A duration in milliseconds, as the dashboard writes durations.</summary>
    internal static string Milliseconds(double? ms) => ms is { } value ? TimeText.Duration(TimeSpan.FromMilliseconds(value)) : "—";

    /// <summary>A 0-to-1 rate as a percentage.</summary>
    internal static string Percent(double? rate) => rate is { } value ? (value * 100).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " %" : "—";

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
