using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Jobs.Anomalies;
using Jobs.Client;
using Jobs.Dashboard.Actions;
using Jobs.Dashboard.Api.Audit;
using Jobs.Dashboard.Auth;
using Jobs.Dashboard.Components.Charts;
using Jobs.Dashboard.Components.Live;
using Jobs.Dashboard.Components.Shared;
using Jobs.Events;
using Jobs.Metrics;
using Jobs.Model;
using Jobs.Series;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace Jobs.Dashboard.Components.Anomalies;

/// <summary>One series with its expected band and flagged points, its STL components, and its stored anomalies; detection on demand.</summary>
/// <remarks>
/// The plot is a preview: the page runs the detector with the chosen parameters on the points it shows. The table is what
/// detection jobs have stored (what alerts are raised from). "Run detection now" enqueues <c>anomaly_detection</c> for the
/// series with the same parameters, follows that one job's events for its progress, and re-reads the store when it ends.
/// </remarks>
public sealed partial class AnomaliesPage : LiveComponentBase
{
    /// <summary>The most stored anomalies the table lists.</summary>
    internal const int TableLimit = 500;

    /// <summary>The ranges offered, in days (null: every point).</summary>
    internal static readonly IReadOnlyList<int?> RangeDays = [1, 7, 30, 90, null];

    private static readonly JsonSerializerOptions ArgsJson = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly CancellationTokenSource _stop = new();
    private IReadOnlyList<SeriesInfo>? _seriesList;
    private string? _series;
    private int? _days = 90;
    private AnomalyMethodChoice _method = AnomalyMethodChoice.Combined;
    private double _zThreshold;
    private double _stlThreshold;
    private int? _period;
    private IReadOnlyList<SeriesPoint> _points = [];
    private AnomalyPreview? _preview;
    private AnomalyChartData? _rawChart;
    private string? _parameterError;
    private string? _parameterField;
    private IReadOnlyList<StoredAnomaly> _stored = [];
    private string? _error;
    private long? _runJob;
    private JobProgress? _runProgress;
    private string? _runOutcome;
    private bool _runFailed;
    private DateTimeOffset? _since;

    [Inject] private ISeriesStore SeriesStore { get; set; } = default!;

    [Inject] private IAnomalyStore Anomalies { get; set; } = default!;

    [Inject] private IJobClient Client { get; set; } = default!;

    // Running detection enqueues a job: operators and admins only, checked again when the click arrives.
    [Inject] private JobActionRunner Actions { get; set; } = default!;

    [Inject] private JobActionPolicy Policy { get; set; } = default!;

    [Inject] private IJobQueries Queries { get; set; } = default!;

    [Inject] private IOptions<AnomalyDetectionOptions> Options { get; set; } = default!;

    /// <summary>The series to open with, from the address (<c>?series=</c>).</summary>
    [SupplyParameterFromQuery(Name = "series")] public string? InitialSeries { get; set; }

    private bool Running => _runJob is not null;

    protected override async Task OnInitializedAsync()
    {
        await Policy.LoadUserAsync();
        _zThreshold = Options.Value.ZScoreThreshold;
        _stlThreshold = Options.Value.StlThreshold;
        try
        {
            _seriesList = await SeriesStore.ListAsync(_stop.Token);
            _series = _seriesList.FirstOrDefault(s => s.Name == InitialSeries)?.Name
                ?? _seriesList.FirstOrDefault(s => s.Name == "risk_index")?.Name
                ?? (_seriesList.Count > 0 ? _seriesList[0].Name : null);
            await LoadSeriesAsync();
        }
        catch (Exception ex) when (StoreErrors.IsStoreFailure(ex))
        {
            _error = StoreErrors.Describe(ex);
        }
    }

    /// <summary>Reads the series' points and stored anomalies in the range, then recomputes the preview.</summary>
    private async Task LoadSeriesAsync()
    {
        if (_series is null)
        {
            return;
        }

        try
        {
            _since = _days is { } days ? Time.GetUtcNow().AddDays(-days) : null;
            _points = await SeriesStore.ReadAsync(_series, _since, null, _stop.Token);
            _stored = await Anomalies.QueryAsync(_series, _since, null, TableLimit, _stop.Token);
            _error = null;
            Recompute();
        }
        catch (Exception ex) when (StoreErrors.IsStoreFailure(ex))
        {
            _error = StoreErrors.Describe(ex);
        }
    }

    /// <summary>Runs the detector with the current parameters; an invalid parameter shows the detector's message.</summary>
    private void Recompute()
    {
        _parameterError = null;
        _parameterField = null;
        _preview = null;
        _rawChart = null;
        if (_points.Count == 0)
        {
            return;
        }

        try
        {
            _preview = AnomalyPreview.Compute(_points, _method, _zThreshold, _stlThreshold, _period);
        }
        catch (AnomalyParameterException ex)
        {
            _parameterError = ex.Reason;
            _parameterField = ex.Parameter;
            // The series itself is still worth seeing while the parameters are being fixed.
            _rawChart = new AnomalyChartData([.. _points.Select(p => p.Timestamp)], [.. _points.Select(p => p.Value)], null, null, null, []);
        }
    }

    private async Task OnSeriesChangedAsync(string series)
    {
        _series = series;
        await LoadSeriesAsync();
    }

    private async Task OnDaysChangedAsync(int? days)
    {
        _days = days;
        await LoadSeriesAsync();
    }

    private void OnMethodChanged(AnomalyMethodChoice method)
    {
        _method = method;
        Recompute();
    }

    private void OnZThresholdChanged(double value)
    {
        _zThreshold = value;
        Recompute();
    }

    private void OnStlThresholdChanged(double value)
    {
        _stlThreshold = value;
        Recompute();
    }

    private void OnPeriodChanged(int? value)
    {
        _period = value;
        Recompute();
    }

    /// <summary>Enqueues detection for the series with the page's parameters and follows the job.</summary>
    private async Task RunDetectionAsync()
    {
        if (_series is null || Running)
        {
            return;
        }

        if (await Actions.RequireOperatorAsync("run anomaly detection") is not { } user)
        {
            return;
        }

        var info = _seriesList?.FirstOrDefault(s => s.Name == _series);
        var now = Time.GetUtcNow();
        // The job reads back from now: cover the range shown (every point for "all").
        var lookback = _days is { } days ? TimeSpan.FromDays(days) : now - (info?.First ?? now) + TimeSpan.FromDays(1);
        var args = new AnomalyDetectionArgs
        {
            Series = _series,
            Method = AnomalyMethodChoices.Method(_method).ToName(),
            Robust = AnomalyMethodChoices.Robust(_method),
            Period = AnomalyMethodChoices.UsesStl(_method) ? _period ?? _preview?.Period : null,
            ZScoreThreshold = _zThreshold,
            StlThreshold = _stlThreshold,
            Lookback = lookback,
        };
        _runOutcome = null;
        _runFailed = false;
        try
        {
            var result = await Client.EnqueueAsync(new JobRequest { Type = AnomalyDetectionJobType, Arguments = JsonSerializer.Serialize(args, ArgsJson) }, _stop.Token);
            _runJob = result.JobId;
            await Actions.RecordAsync(user, AuditActions.JobEnqueue, AuditTargets.Job, AuditDetails.JobId(result.JobId), AuditDetails.Enqueued(AnomalyDetectionJobType));
            _runProgress = new JobProgress(0, "Waiting for a worker");
            FollowJobs(result.JobId);
            // It may have finished before the subscription: read it once.
            if (await Queries.GetAsync(result.JobId, _stop.Token) is { } details && details.Summary.State.IsFinal())
            {
                await FinishRunAsync(details.Summary.State);
            }
        }
        catch (JobValidationException ex)
        {
            _runFailed = true;
            _runOutcome = string.Join(" ", ex.Errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")).DefaultIfEmpty(ex.Message));
        }
        catch (Exception ex) when (StoreErrors.IsStoreFailure(ex))
        {
            _runFailed = true;
            _runOutcome = StoreErrors.Describe(ex);
        }
    }

    /// <summary>The detection job's type name.</summary>
    internal const string AnomalyDetectionJobType = "anomaly_detection";

    protected override async Task OnJobEventsAsync(JobEventBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_runJob is not { } id)
        {
            return;
        }

        foreach (var change in batch.Events.Where(e => e.JobId == id))
        {
            if (change.Progress is not null)
            {
                _runProgress = change.Progress;
            }

            if (change.State.IsFinal())
            {
                await FinishRunAsync(change.State);
                return;
            }

            if (change.State == JobState.Failed)
            {
                _runProgress = new JobProgress(_runProgress?.Fraction ?? 0, "Attempt failed; waiting to retry");
            }
        }
    }

    private async Task FinishRunAsync(JobState state)
    {
        if (_runJob is not { } id)
        {
            return;
        }

        _runJob = null;
        var details = await Queries.GetAsync(id, _stop.Token);
        if (state == JobState.Succeeded)
        {
            _runFailed = false;
            _runOutcome = string.Create(CultureInfo.InvariantCulture, $"Detection job #{id} finished.");
            await LoadSeriesAsync();
        }
        else
        {
            _runFailed = true;
            _runOutcome = $"Detection job #{id} ended {state}: {details?.Summary.LastErrorMessage ?? "no error recorded"}";
        }

        _runJobLink = id;
    }

    private long? _runJobLink;

    /// <summary>The job type of a job-metric series (<c>jobs.&lt;type&gt;.&lt;metric&gt;</c>), or null for data series and the all-types totals.</summary>
    internal static string? JobTypeOf(string series)
    {
        if (!series.StartsWith("jobs.", StringComparison.Ordinal))
        {
            return null;
        }

        var metric = JobMetricSeries.Metrics.Concat([EngineSeries.QueueDepth["jobs.all.".Length..]]).FirstOrDefault(m => series.EndsWith("." + m, StringComparison.Ordinal));
        if (metric is null)
        {
            return null;
        }

        var type = series["jobs.".Length..^(metric.Length + 1)];
        return type.Length == 0 ? null : type;
    }

    /// <summary>Where the jobs that ran around an anomaly of a job-metric series are listed (null for data series).</summary>
    internal static string? JobsLink(string series)
    {
        var type = JobTypeOf(series);
        return type is null ? null : type == JobMetricSeries.AllTypes ? "/jobs" : $"/jobs?type={Uri.EscapeDataString(type)}";
    }

    /// <summary>A number as the table writes it.</summary>
    internal static string Number(double? value) => value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "—";

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stop.Cancel();
            _stop.Dispose();
        }

        base.Dispose(disposing);
    }
}
