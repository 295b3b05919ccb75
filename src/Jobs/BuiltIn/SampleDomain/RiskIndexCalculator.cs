using Microsoft.EntityFrameworkCore;

namespace Jobs.BuiltIn.SampleDomain;

/// <summary>The risk index of one day: overall and per region.</summary>
/// <param name="Date">The day.</param>
/// <param name="Overall">The mean weight of all the day's events; 0 when there were none.</param>
/// <param name="Events">How many events the day had.</param>
/// <param name="Regions">The index of each region that had events, by region name.</param>
public sealed record RiskIndexDay(DateOnly Date, double Overall, int Events, IReadOnlyDictionary<string, double> Regions);

/// <summary>Computes and stores the daily risk index (table <c>risk_index</c>): the mean event weight (level × value), per region and overall.</summary>
/// <remarks>Events not yet enriched count with level × value all the same, so the index never depends on whether enrichment ran first.</remarks>
internal sealed class RiskIndexCalculator(IDbContextFactory<SampleDomainDbContext> contexts, SampleDomainSchema schema, TimeProvider time)
{
    /// <summary>Recomputes and stores the index of each of <paramref name="days"/>, replacing earlier values; returns them in day order.</summary>
    public async Task<IReadOnlyList<RiskIndexDay>> ComputeAsync(IReadOnlyCollection<DateOnly> days, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(days);
        await schema.EnsureAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var wanted = days.Distinct().Order().ToList();
        var groups = await db.Events
            .Where(e => wanted.Contains(e.Day))
            .GroupBy(e => new { e.Day, e.Region })
            .Select(g => new { g.Key.Day, g.Key.Region, Sum = g.Sum(e => e.Weight ?? e.Level * e.Value), Count = g.Count() })
            .ToListAsync(cancellationToken);

        var now = time.GetUtcNow().UtcDateTime;
        var result = new List<RiskIndexDay>(wanted.Count);
        var rows = new List<RiskIndexValue>();
        foreach (var day in wanted)
        {
            var regions = groups.Where(g => g.Day == day).OrderBy(g => g.Region, StringComparer.Ordinal).ToList();
            var events = regions.Sum(g => g.Count);
            var overall = events == 0 ? 0 : regions.Sum(g => g.Sum) / events;
            var byRegion = regions.ToDictionary(g => g.Region, g => g.Sum / g.Count, StringComparer.Ordinal);
            result.Add(new RiskIndexDay(day, overall, events, byRegion));
            rows.Add(new RiskIndexValue { Day = day, Region = RiskIndexValue.Overall, Value = overall, Events = events, ComputedAt = now });
            rows.AddRange(regions.Select(g => new RiskIndexValue { Day = day, Region = g.Region, Value = g.Sum / g.Count, Events = g.Count, ComputedAt = now }));
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.RiskIndex.Where(r => wanted.Contains(r.Day)).ExecuteDeleteAsync(cancellationToken);
            db.RiskIndex.AddRange(rows);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return result;
    }
}
