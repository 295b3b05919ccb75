using Microsoft.EntityFrameworkCore;

namespace Jobs.BuiltIn.SampleDomain;

/// <summary>The enrichment step: sets each event's weight (level × value), the quantity the risk index averages.</summary>
internal sealed class EventEnricher(IDbContextFactory<SampleDomainDbContext> contexts, SampleDomainSchema schema)
{
    /// <summary>Enriches events that have no weight yet, or every event when <paramref name="all"/>.</summary>
    /// <returns>How many events were enriched and the days they fall on.</returns>
    public async Task<(int Events, IReadOnlyList<DateOnly> Days)> EnrichAsync(bool all, CancellationToken cancellationToken)
    {
        await schema.EnsureAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var pending = db.Events.Where(e => all || e.Weight == null);
        var days = await pending.Select(e => e.Day).Distinct().OrderBy(d => d).ToListAsync(cancellationToken);
        var count = await pending.ExecuteUpdateAsync(s => s.SetProperty(e => e.Weight, e => e.Level * e.Value), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (count, days);
    }
}
