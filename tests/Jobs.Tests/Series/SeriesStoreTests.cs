using Jobs.Client;
using Jobs.Series;
using Jobs.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Tests.Series;

/// <summary>The series store, on each store (see <see cref="StoreBackend"/>): a real SQLite file, a real PostgreSQL database.</summary>
public abstract class SeriesStoreTests(StoreBackend backend)
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Append_ReplacesAValueAtTheSameTimestamp_InsteadOfDuplicatingIt()
    {
        await using var engine = await TestEngine.StartOnAsync(backend);
        var store = engine.Host.Services.GetRequiredService<ISeriesStore>();
        var ct = TestContext.Current.CancellationToken;

        await store.AppendAsync("risk_index", [new(T0, 1), new(T0.AddHours(1), 2)], ct);
        await store.AppendAsync("risk_index", [new(T0.AddHours(1), 20), new(T0.AddHours(2), 3)], ct);

        var points = await store.ReadAsync("risk_index", null, null, ct);
        Assert.Equal([new(T0, 1), new(T0.AddHours(1), 20), new(T0.AddHours(2), 3)], points);
    }

    [Fact]
    public async Task Read_ReturnsTheHalfOpenRange_OldestFirst_AndEmptyForAnUnknownSeries()
    {
        await using var engine = await TestEngine.StartOnAsync(backend);
        var store = engine.Host.Services.GetRequiredService<ISeriesStore>();
        var ct = TestContext.Current.CancellationToken;
        await store.AppendAsync("a", [.. Enumerable.Range(0, 10).Reverse().Select(h => new SeriesPoint(T0.AddHours(h), h))], ct);

        var range = await store.ReadAsync("a", T0.AddHours(3), T0.AddHours(6), ct);

        Assert.Equal([3.0, 4.0, 5.0], range.Select(p => p.Value));
        Assert.Empty(await store.ReadAsync("nope", null, null, ct));
    }

    [Fact]
    public async Task List_NamesEverySeriesWithItsExtent()
    {
        await using var engine = await TestEngine.StartOnAsync(backend, new() { ["Anomalies:RecordMetrics"] = "false", ["Metrics:Enabled"] = "false" });
        var store = engine.Host.Services.GetRequiredService<ISeriesStore>();
        var ct = TestContext.Current.CancellationToken;
        await store.AppendAsync("b", [new(T0, 1)], ct);
        await store.AppendAsync(new Dictionary<string, IReadOnlyList<SeriesPoint>> { ["a"] = [new(T0, 1), new(T0.AddDays(1), 2)], ["c"] = [] }, ct);

        var list = await store.ListAsync(ct);

        Assert.Equal(["a", "b", "c"], list.Select(s => s.Name));
        Assert.Equal(new SeriesInfo("a", 2, T0, T0.AddDays(1)), list[0]);
        Assert.Equal(new SeriesInfo("c", 0, null, null), list[2]);
    }

    [Fact]
    public async Task Append_WritesLargeBatchesInChunks_AndKeepsEveryPoint()
    {
        await using var engine = await TestEngine.StartOnAsync(backend);
        var store = engine.Host.Services.GetRequiredService<ISeriesStore>();
        var ct = TestContext.Current.CancellationToken;
        var points = Enumerable.Range(0, (2 * SqliteSeriesStore.Chunk) + 17).Select(i => new SeriesPoint(T0.AddMinutes(i), i)).ToArray();

        Assert.Equal(points.Length, await store.AppendAsync("big", points, ct));
        Assert.Equal(points, await store.ReadAsync("big", null, null, ct));
    }

    [Theory]
    [InlineData("", "series")]
    [InlineData("  ", "series")]
    [InlineData("bad\nname", "series")]
    public async Task Append_RefusesABadName(string name, string field)
    {
        await using var engine = await TestEngine.StartOnAsync(backend);
        var store = engine.Host.Services.GetRequiredService<ISeriesStore>();

        var error = await Assert.ThrowsAsync<JobValidationException>(() => store.AppendAsync(name, [new(T0, 1)], TestContext.Current.CancellationToken));

        Assert.True(error.Errors.ContainsKey(field));
    }

    [Fact]
    public async Task Append_RefusesANonFiniteValue_AndWritesNothing()
    {
        await using var engine = await TestEngine.StartOnAsync(backend);
        var store = engine.Host.Services.GetRequiredService<ISeriesStore>();
        var ct = TestContext.Current.CancellationToken;

        var error = await Assert.ThrowsAsync<JobValidationException>(() => store.AppendAsync("x", [new(T0, 1), new(T0.AddHours(1), double.NaN)], ct));

        Assert.True(error.Errors.ContainsKey("points[1].value"));
        Assert.Empty(await store.ReadAsync("x", null, null, ct));
    }
}

public sealed class SeriesStoreTestsOnSqlite() : SeriesStoreTests(StoreBackend.Sqlite);

public sealed class SeriesStoreTestsOnPostgres() : SeriesStoreTests(StoreBackend.Postgres);
