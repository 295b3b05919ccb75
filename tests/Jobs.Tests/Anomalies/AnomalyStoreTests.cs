using Jobs.Anomalies;
using Jobs.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Tests.Anomalies;

/// <summary>The anomaly store, on each store (see <see cref="StoreBackend"/>): one anomaly per series and timestamp.</summary>
public abstract class AnomalyStoreTests(StoreBackend backend)
{
    private static readonly DateTimeOffset T0 = new(2025, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Upsert_MergesAPointAlreadyStored_InsteadOfDuplicatingIt()
    {
        await using var engine = await TestEngine.StartOnAsync(backend);
        var store = engine.Host.Services.GetRequiredService<IAnomalyStore>();
        var ct = TestContext.Current.CancellationToken;

        var first = await store.UpsertAsync("s", [new(T0, 10, 5, 4, AnomalyMethods.Stl, AnomalySeverity.Low), new(T0.AddHours(1), 11, 5, 9, AnomalyMethods.Stl, AnomalySeverity.High)], 7, ct);
        engine.Time.Advance(TimeSpan.FromHours(1));
        var second = await store.UpsertAsync("s", [new(T0, 10, 5.5, 6, AnomalyMethods.ZScore, AnomalySeverity.Medium), new(T0.AddHours(1), 11, 5, 2, AnomalyMethods.ZScore, AnomalySeverity.Low)], 8, ct);

        Assert.Equal(new AnomalyWriteResult(2, 0), first);
        Assert.Equal(new AnomalyWriteResult(0, 2), second);
        var stored = await store.QueryAsync("s", null, null, 100, ct);
        Assert.Equal(2, stored.Count);
        Assert.Equal(AnomalyMethods.ZScore | AnomalyMethods.Stl, stored[0].Methods);
        Assert.Equal(AnomalySeverity.Medium, stored[0].Severity);
        Assert.Equal(AnomalySeverity.High, stored[1].Severity);
        Assert.Equal(5.5, stored[0].Expected);
        Assert.Equal(TestEngine.Start, stored[0].DetectedAt);
        Assert.Equal(7, stored[0].JobId);
    }

    [Fact]
    public async Task Query_FiltersBySeriesAndHalfOpenRange()
    {
        await using var engine = await TestEngine.StartOnAsync(backend);
        var store = engine.Host.Services.GetRequiredService<IAnomalyStore>();
        var ct = TestContext.Current.CancellationToken;
        await store.UpsertAsync("a", [.. Enumerable.Range(0, 5).Select(h => new NewAnomaly(T0.AddHours(h), h, null, 5, AnomalyMethods.ZScore, AnomalySeverity.Low))], null, ct);
        await store.UpsertAsync("b", [new(T0.AddHours(2), 1, null, 5, AnomalyMethods.ZScore, AnomalySeverity.Low)], null, ct);

        Assert.Equal([1.0, 2.0], (await store.QueryAsync("a", T0.AddHours(1), T0.AddHours(3), 100, ct)).Select(a => a.Value));
        Assert.Equal(["a", "b"], (await store.QueryAsync(null, T0.AddHours(2), T0.AddHours(3), 100, ct)).Select(a => a.Series));
        Assert.Equal(2, (await store.QueryAsync(null, null, null, 2, ct)).Count);
        await Assert.ThrowsAsync<AnomalyParameterException>(() => store.QueryAsync(null, null, null, 0, ct));
    }
}

public sealed class AnomalyStoreTestsOnSqlite() : AnomalyStoreTests(StoreBackend.Sqlite);

public sealed class AnomalyStoreTestsOnPostgres() : AnomalyStoreTests(StoreBackend.Postgres);
