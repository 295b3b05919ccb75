using System.Text.Json;
using System.Text.Json.Serialization;
using Jobs.Handlers;
using Microsoft.Extensions.Options;

namespace Jobs.BuiltIn.SampleDomain;

/// <summary>Arguments of the <c>heatmap</c> job, as the seed's <c>/admin/run-jobs</c> body gives them.</summary>
public sealed record HeatmapArgs : IJsonOnDeserialized
{
    /// <summary>The levels (1 to 3; strings or numbers). Defaults to <c>HEATMAP_LEVELS</c> (1,2,3).</summary>
    public IReadOnlyList<int>? Levels { get; init; }

    /// <summary>The day, <c>yyyy-MM-dd</c>. Defaults to today, UTC.</summary>
    public DateOnly? Date { get; init; }

    void IJsonOnDeserialized.OnDeserialized()
    {
        if (Levels is { } levels && levels.Any(l => l is < 1 or > 3))
        {
            throw new JsonException("levels: every level must be 1, 2 or 3.");
        }
    }
}

/// <summary>The <c>heatmap</c> job: recomputes the day's heatmap cells for the levels and returns the seed's <c>{"level","date","sum"}</c> list.</summary>
internal sealed class HeatmapJob(HeatmapCalculator calculator, IOptions<BuiltInJobsOptions> options, TimeProvider time) : IJobHandler<HeatmapArgs, IReadOnlyList<HeatmapLevelSum>>
{
    /// <summary>The registered type name (the APScheduler seed's).</summary>
    public const string TypeName = "heatmap";

    public async Task<IReadOnlyList<HeatmapLevelSum>> HandleAsync(HeatmapArgs args, IJobContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var levels = args.Levels is { Count: > 0 } given ? [.. given.Distinct()] : options.Value.ParseHeatmapLevels();
        var day = args.Date ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        context.ReportProgress(0, $"Computing levels {string.Join(",", levels)} for {day:yyyy-MM-dd}");
        var sums = await calculator.ComputeAsync(day, levels, context.CancellationToken);
        context.ReportProgress(1, "Heatmap stored");
        return sums;
    }
}
