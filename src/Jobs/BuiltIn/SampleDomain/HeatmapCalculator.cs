using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;

namespace Jobs.BuiltIn.SampleDomain;

/// <summary>One entry of the heatmap result, exactly the APScheduler seed's shape: <c>{"level":"1","date":"2025-11-16","sum":30.0}</c>.</summary>
/// <param name="Level">The level, as a string (as the seed has it).</param>
/// <param name="Date">The day, <c>yyyy-MM-dd</c>.</param>
/// <param name="Sum">The sum of the values of that level's events on that day, over all regions.</param>
public sealed record HeatmapLevelSum(
    [property: JsonPropertyName("level")] string Level,
    [property: JsonPropertyName("date")] string Date,
    [property: JsonPropertyName("sum"), JsonConverter(typeof(PythonFloatJsonConverter))] double Sum);

/// <summary>Computes heatmap cells (sum and count of event values per day, level and region) and stores them, replacing earlier ones.</summary>
internal sealed class HeatmapCalculator(IDbContextFactory<SampleDomainDbContext> contexts, SampleDomainSchema schema, TimeProvider time)
{
    /// <summary>Recomputes the cells of <paramref name="day"/> for <paramref name="levels"/>; returns the per-level sums in the order asked.</summary>
    public async Task<IReadOnlyList<HeatmapLevelSum>> ComputeAsync(DateOnly day, IReadOnlyList<int> levels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(levels);
        await schema.EnsureAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var wanted = levels.ToList();
        var groups = await db.Events
            .Where(e => e.Day == day && wanted.Contains(e.Level))
            .GroupBy(e => new { e.Level, e.Region })
            .Select(g => new { g.Key.Level, g.Key.Region, Sum = g.Sum(e => e.Value), Count = g.Count() })
            .ToListAsync(cancellationToken);

        var now = time.GetUtcNow().UtcDateTime;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.HeatmapCells.Where(c => c.Day == day && wanted.Contains(c.Level)).ExecuteDeleteAsync(cancellationToken);
            db.HeatmapCells.AddRange(groups.Select(g => new HeatmapCell { Day = day, Level = g.Level, Region = g.Region, Sum = g.Sum, Count = g.Count, ComputedAt = now }));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return [.. levels.Select(level => new HeatmapLevelSum(
            level.ToString(CultureInfo.InvariantCulture),
            date,
            groups.Where(g => g.Level == level).OrderBy(g => g.Region, StringComparer.Ordinal).Sum(g => g.Sum)))];
    }
}
