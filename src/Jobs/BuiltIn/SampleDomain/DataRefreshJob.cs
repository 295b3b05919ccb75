using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Jobs.Handlers;
using Jobs.Series;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jobs.BuiltIn.SampleDomain;

/// <summary>How much <c>data_refresh</c> recomputes.</summary>
public enum RefreshMode
{
    /// <summary>New inbox files, events not yet enriched, and the risk index and heatmap of the date and of the days those events fall on.</summary>
    Incremental,
    /// <summary>Everything: re-enriches every event and recomputes the risk index and heatmap of every day that has events.</summary>
    Full,
}

/// <summary>A part of the refresh; each is one step with its own share of the progress bar. They always run in this order.</summary>
public enum RefreshComponent
{
    /// <summary>The HTTP source (when on) and the inbox: the <c>etl</c> job's work.</summary>
    Ingestion,
    /// <summary>Sets each event's weight (level × value).</summary>
    Enrichment,
    /// <summary>The daily risk index, per region and overall.</summary>
    Risk,
    /// <summary>The heatmap cells.</summary>
    Heatmap,
}

/// <summary>Arguments of <c>data_refresh</c> (the Peace Map seed's refresh, with its selective components).</summary>
public sealed record DataRefreshArgs : IJsonOnDeserialized
{
    /// <summary><c>incremental</c> (the default, behind <c>hourly_refresh</c>) or <c>full</c> (behind <c>daily_refresh</c>).</summary>
    public RefreshMode Mode { get; init; } = RefreshMode.Incremental;

    /// <summary>Only these components (<c>ingestion</c>, <c>enrichment</c>, <c>risk</c>, <c>heatmap</c>). Defaults to all four.</summary>
    public IReadOnlyList<RefreshComponent>? Components { get; init; }

    /// <summary>The day an incremental refresh recomputes. Defaults to today, UTC.</summary>
    public DateOnly? Date { get; init; }

    /// <summary>The heatmap levels. Defaults to <c>HEATMAP_LEVELS</c> (1,2,3).</summary>
    public IReadOnlyList<int>? Levels { get; init; }

    void IJsonOnDeserialized.OnDeserialized()
    {
        if (!Enum.IsDefined(Mode))
        {
            throw new JsonException("mode: must be incremental or full.");
        }

        if (Components is { } components && (components.Count == 0 || components.Any(c => !Enum.IsDefined(c))))
        {
            throw new JsonException("components: name one or more of ingestion, enrichment, risk, heatmap (or leave it out for all).");
        }

        if (Levels is { } levels && levels.Any(l => l is < 1 or > 3))
        {
            throw new JsonException("levels: every level must be 1, 2 or 3.");
        }
    }
}

/// <summary>What one refresh did, by component; a component that did not run is null.</summary>
public sealed record DataRefreshResult
{
    public required RefreshMode Mode { get; init; }
    public required DateOnly Date { get; init; }
    public required IReadOnlyList<RefreshComponent> Components { get; init; }
    public EtlResult? Ingestion { get; init; }
    public int? EventsEnriched { get; init; }
    public IReadOnlyList<RiskIndexDay>? RiskIndex { get; init; }
    public IReadOnlyList<HeatmapLevelSum>? Heatmap { get; init; }
}

/// <summary>The <c>data_refresh</c> job: runs the chosen refresh components in order, each a step with an equal share of the progress bar.</summary>
internal sealed class DataRefreshJob(
    EventIngestion ingestion,
    EventEnricher enricher,
    RiskIndexCalculator risk,
    HeatmapCalculator heatmap,
    IDbContextFactory<SampleDomainDbContext> contexts,
    IOptions<BuiltInJobsOptions> options,
    ISeriesStore series,
    TimeProvider time) : IJobHandler<DataRefreshArgs, DataRefreshResult>
{
    /// <summary>The registered type name (the Peace Map seed's).</summary>
    public const string TypeName = "data_refresh";

    /// <summary>The series name the risk index is published under (what <c>anomaly_detection</c> reads by default).</summary>
    public const string RiskIndexSeries = "risk_index";

    public async Task<DataRefreshResult> HandleAsync(DataRefreshArgs args, IJobContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;
        var full = args.Mode == RefreshMode.Full;
        var date = args.Date ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var levels = args.Levels is { Count: > 0 } given ? [.. given.Distinct()] : options.Value.ParseHeatmapLevels();
        var steps = (args.Components ?? Enum.GetValues<RefreshComponent>()).Distinct().Order().ToList();
        var share = 1.0 / steps.Count;
        var result = new DataRefreshResult { Mode = args.Mode, Date = date, Components = steps };

        // The days the risk and heatmap steps recompute: the date, plus whatever the run touched.
        var days = new SortedSet<DateOnly> { date };
        for (var i = 0; i < steps.Count; i++)
        {
            var start = i * share;
            void Report(double fraction, string message) =>
                context.ReportProgress(start + (share * Math.Clamp(fraction, 0, 1)), string.Create(CultureInfo.InvariantCulture, $"[{i + 1}/{steps.Count} {steps[i].ToString().ToLowerInvariant()}] {message}"));

            Report(0, "starting");
            switch (steps[i])
            {
                case RefreshComponent.Ingestion:
                    result = result with { Ingestion = await ingestion.RunAsync(fetchHttpSource: true, Report, ct) };
                    break;
                case RefreshComponent.Enrichment:
                    var (enriched, enrichedDays) = await enricher.EnrichAsync(full, ct);
                    days.UnionWith(enrichedDays);
                    result = result with { EventsEnriched = enriched };
                    Report(1, string.Create(CultureInfo.InvariantCulture, $"{enriched} events enriched"));
                    break;
                case RefreshComponent.Risk:
                    if (full)
                    {
                        days.UnionWith(await AllDaysAsync(ct));
                    }

                    var index = await risk.ComputeAsync(days, ct);
                    await PublishRiskIndexAsync(index, ct);
                    result = result with { RiskIndex = index };
                    Report(1, string.Create(CultureInfo.InvariantCulture, $"risk index of {index.Count} day(s) stored"));
                    break;
                case RefreshComponent.Heatmap:
                    if (full)
                    {
                        days.UnionWith(await AllDaysAsync(ct));
                    }

                    var sums = new List<HeatmapLevelSum>();
                    var n = 0;
                    foreach (var day in days)
                    {
                        sums.AddRange(await heatmap.ComputeAsync(day, levels, ct));
                        Report(++n / (double)days.Count, string.Create(CultureInfo.InvariantCulture, $"heatmap of {day:yyyy-MM-dd}"));
                    }

                    result = result with { Heatmap = sums };
                    break;
            }
        }

        context.ReportProgress(1, "Refresh done");
        context.Logger.LogInformation("Refresh ({Mode}) ran {Components} over {Days} day(s)", args.Mode, string.Join(",", steps), days.Count);
        return result;
    }

    private async Task<IReadOnlyList<DateOnly>> AllDaysAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Events.Select(e => e.Day).Distinct().OrderBy(d => d).ToListAsync(cancellationToken);
    }

    /// <summary>Hands the day values of the overall risk index on to the <c>risk_index</c> series, which anomaly detection watches.</summary>
    /// <remarks>A value recomputed for a day replaces the stored one, so a full refresh rewrites the whole history.</remarks>
    private async Task PublishRiskIndexAsync(IReadOnlyList<RiskIndexDay> index, CancellationToken cancellationToken) =>
        await series.AppendAsync(
            RiskIndexSeries,
            [.. index.Select(d => new SeriesPoint(new DateTimeOffset(d.Date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), d.Overall))],
            cancellationToken);
}
