using Jobs.Storage.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace Jobs.Series;

/// <summary>The PostgreSQL <see cref="ISeriesStore"/>: the same <c>series</c> and <c>series_points</c> tables, in the shared database.</summary>
/// <remarks>
/// PostgreSQL takes concurrent writers itself, so writes go straight to a pooled connection (not the job store's writer);
/// a chunk of points is one statement over <c>unnest</c> arrays. Within a chunk the last point for a timestamp wins, as
/// the SQLite store's row-by-row upsert does.
/// </remarks>
internal sealed class PostgresSeriesStore(PostgresJobStore store, TimeProvider time) : ISeriesStore
{
    public async Task<int> AppendAsync(string series, IReadOnlyList<SeriesPoint> points, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(points);
        SeriesNames.Validate(series);
        SeriesNames.ValidatePoints(points);
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var written = await InsertAsync(connection, series, points, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return written;
    }

    public async Task<int> AppendAsync(IReadOnlyDictionary<string, IReadOnlyList<SeriesPoint>> points, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(points);
        foreach (var (series, seriesPoints) in points)
        {
            SeriesNames.Validate(series);
            SeriesNames.ValidatePoints(seriesPoints);
        }

        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var written = 0;
        foreach (var (series, seriesPoints) in points)
        {
            written += await InsertAsync(connection, series, seriesPoints, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return written;
    }

    private async Task<int> InsertAsync(NpgsqlConnection connection, string series, IReadOnlyList<SeriesPoint> points, CancellationToken cancellationToken)
    {
        var id = await EnsureSeriesAsync(connection, series, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);
        for (var offset = 0; offset < points.Count; offset += SqliteSeriesStore.Chunk)
        {
            var latest = new Dictionary<long, double>();
            for (var i = offset; i < Math.Min(points.Count, offset + SqliteSeriesStore.Chunk); i++)
            {
                latest[points[i].Timestamp.ToUnixTimeMilliseconds()] = points[i].Value;
            }

            await using var insert = new NpgsqlCommand("""
                INSERT INTO series_points (series_id, ts, value) SELECT @series, t, v FROM unnest(@ts, @values) AS u(t, v)
                ON CONFLICT (series_id, ts) DO UPDATE SET value = excluded.value
                """, connection);
            insert.Parameters.AddWithValue("series", id);
            insert.Parameters.Add(new NpgsqlParameter("ts", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = latest.Keys.ToArray() });
            insert.Parameters.Add(new NpgsqlParameter("values", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = latest.Values.ToArray() });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        return points.Count;
    }

    /// <summary>The series' id, creating the series if needed.</summary>
    internal static async Task<long> EnsureSeriesAsync(NpgsqlConnection connection, string series, long nowMs, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO series (name, created_at) VALUES (@name, @now) ON CONFLICT (name) DO NOTHING;
            SELECT id FROM series WHERE name = @name;
            """, connection);
        command.Parameters.AddWithValue("name", series);
        command.Parameters.AddWithValue("now", nowMs);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<SeriesPoint>> ReadAsync(string series, DateTimeOffset? since, DateTimeOffset? until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(series);
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT p.ts, p.value FROM series_points p JOIN series s ON s.id = p.series_id
            WHERE s.name = @name AND p.ts >= @from AND p.ts < @to ORDER BY p.ts
            """, connection);
        command.Parameters.AddWithValue("name", series);
        command.Parameters.AddWithValue("from", since?.ToUnixTimeMilliseconds() ?? long.MinValue);
        command.Parameters.AddWithValue("to", until?.ToUnixTimeMilliseconds() ?? long.MaxValue);
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
        await using var command = new NpgsqlCommand("""
            SELECT s.name, count(p.ts), min(p.ts), max(p.ts) FROM series s LEFT JOIN series_points p ON p.series_id = s.id
            GROUP BY s.id, s.name ORDER BY s.name
            """, connection);
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
