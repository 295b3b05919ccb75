using Jobs.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Jobs.Series;

/// <summary>The SQLite <see cref="ISeriesStore"/>: tables <c>series</c> and <c>series_points</c> in the engine's database.</summary>
/// <remarks>
/// Writes go through the job store's single writer loop (one IMMEDIATE transaction per batch), so they never contend
/// with job writes for SQLite's lock inside this process; large appends are split into chunks so that one never holds
/// the writer for long. Reads use pooled connections, like the job queries.
/// </remarks>
internal sealed class SqliteSeriesStore(SqliteJobStore store) : ISeriesStore
{
    /// <summary>Points per writer batch: a few milliseconds of inserts.</summary>
    internal const int Chunk = 5_000;

    public async Task<int> AppendAsync(string series, IReadOnlyList<SeriesPoint> points, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(points);
        SeriesNames.Validate(series);
        SeriesNames.ValidatePoints(points);
        var written = 0;
        for (var offset = 0; offset < points.Count; offset += Chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = offset;
            var count = Math.Min(Chunk, points.Count - offset);
            written += await store.Submit("append series points", s => Insert(s, series, points, start, count));
        }

        return written;
    }

    public Task<int> AppendAsync(IReadOnlyDictionary<string, IReadOnlyList<SeriesPoint>> points, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(points);
        foreach (var (series, seriesPoints) in points)
        {
            SeriesNames.Validate(series);
            SeriesNames.ValidatePoints(seriesPoints);
        }

        return store.Submit("append series points", s => points.Sum(p => Insert(s, p.Key, p.Value, 0, p.Value.Count)));
    }

    /// <summary>Upserts points[start..start+count) of <paramref name="series"/> inside the caller's write batch.</summary>
    private static int Insert(SqliteWriteSession session, string series, IReadOnlyList<SeriesPoint> points, int start, int count)
    {
        var id = EnsureSeries(session, series);
        using var insert = session.Command("""
            INSERT INTO series_points (series_id, ts, value) VALUES ($series, $ts, $value)
            ON CONFLICT (series_id, ts) DO UPDATE SET value = excluded.value
            """);
        insert.Parameters.AddWithValue("$series", id);
        var ts = insert.Parameters.Add("$ts", SqliteType.Integer);
        var value = insert.Parameters.Add("$value", SqliteType.Real);
        insert.Prepare();
        for (var i = start; i < start + count; i++)
        {
            ts.Value = points[i].Timestamp.ToUnixTimeMilliseconds();
            value.Value = points[i].Value;
            insert.ExecuteNonQuery();
        }

        return count;
    }

    /// <summary>The series' id, creating the series if needed (inside the caller's write batch).</summary>
    internal static long EnsureSeries(SqliteWriteSession session, string series)
    {
        using var command = session.Command("""
            INSERT INTO series (name, created_at) VALUES ($name, $now) ON CONFLICT (name) DO NOTHING;
            SELECT id FROM series WHERE name = $name;
            """);
        command.Parameters.AddWithValue("$name", series);
        command.Parameters.AddWithValue("$now", session.NowMs);
        return (long)command.ExecuteScalar()!;
    }

    public async Task<IReadOnlyList<SeriesPoint>> ReadAsync(string series, DateTimeOffset? since, DateTimeOffset? until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(series);
        await using var connection = await store.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT p.ts, p.value FROM series_points p JOIN series s ON s.id = p.series_id
            WHERE s.name = $name AND p.ts >= $from AND p.ts < $to ORDER BY p.ts
            """;
        command.Parameters.AddWithValue("$name", series);
        command.Parameters.AddWithValue("$from", since?.ToUnixTimeMilliseconds() ?? long.MinValue);
        command.Parameters.AddWithValue("$to", until?.ToUnixTimeMilliseconds() ?? long.MaxValue);
        var points = new List<SeriesPoint>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            points.Add(new SeriesPoint(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), reader.GetDouble(1)));
        }

        return points;
    }

    public async Task<IReadOnlyList<SeriesInfo>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT s.name, count(p.ts), min(p.ts), max(p.ts) FROM series s LEFT JOIN series_points p ON p.series_id = s.id
            GROUP BY s.id ORDER BY s.name
            """;
        var list = new List<SeriesInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new SeriesInfo(
                reader.GetString(0),
                reader.GetInt64(1),
                reader.IsDBNull(2) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                reader.IsDBNull(3) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))));
        }

        return list;
    }
}
