using Jobs.Series;
using Jobs.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Jobs.Anomalies;

/// <summary>The SQLite <see cref="IAnomalyStore"/>: table <c>anomalies</c>, unique per (series, timestamp).</summary>
/// <remarks>Writes go through the job store's writer loop, as the series store's do.</remarks>
internal sealed class SqliteAnomalyStore(SqliteJobStore store) : IAnomalyStore
{
    public Task<AnomalyWriteResult> UpsertAsync(string series, IReadOnlyList<NewAnomaly> anomalies, long? jobId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(anomalies);
        SeriesNames.Validate(series);
        AnomalyRows.ValidateFinite(anomalies);

        if (anomalies.Count == 0)
        {
            return Task.FromResult(new AnomalyWriteResult(0, 0));
        }

        return store.Submit("store anomalies", s =>
        {
            var id = SqliteSeriesStore.EnsureSeries(s, series);
            using var insert = s.Command("""
                INSERT INTO anomalies (series_id, ts, value, expected, score, methods, severity, detected_at, job_id)
                VALUES ($series, $ts, $value, $expected, $score, $methods, $severity, $now, $job)
                ON CONFLICT (series_id, ts) DO NOTHING
                """);
            using var merge = s.Command("""
                UPDATE anomalies SET value = $value, expected = $expected, score = $score, methods = $methods,
                    severity = max(severity, $severity)
                WHERE series_id = $series AND ts = $ts
                """);
            using var existing = s.Command("SELECT methods FROM anomalies WHERE series_id = $series AND ts = $ts");
            existing.Parameters.AddWithValue("$series", id);
            var existingTs = existing.Parameters.Add("$ts", SqliteType.Integer);
            var added = 0;
            var already = 0;
            foreach (var a in anomalies)
            {
                var ts = a.Timestamp.ToUnixTimeMilliseconds();
                Bind(insert, id, ts, a, a.Methods);
                insert.Parameters.AddWithValue("$now", s.NowMs);
                insert.Parameters.AddWithValue("$job", (object?)jobId ?? DBNull.Value);
                if (insert.ExecuteNonQuery() == 1)
                {
                    added++;
                }
                else
                {
                    existingTs.Value = ts;
                    var methods = AnomalyNames.ParseMethods(existing.ExecuteScalar() as string) | a.Methods;
                    Bind(merge, id, ts, a, methods);
                    merge.ExecuteNonQuery();
                    already++;
                }

                insert.Parameters.Clear();
                merge.Parameters.Clear();
            }

            return new AnomalyWriteResult(added, already);
        });
    }

    private static void Bind(SqliteCommand command, long series, long ts, NewAnomaly a, AnomalyMethods methods)
    {
        command.Parameters.AddWithValue("$series", series);
        command.Parameters.AddWithValue("$ts", ts);
        command.Parameters.AddWithValue("$value", a.Value);
        command.Parameters.AddWithValue("$expected", (object?)a.Expected ?? DBNull.Value);
        command.Parameters.AddWithValue("$score", a.Score);
        command.Parameters.AddWithValue("$methods", methods.ToName());
        command.Parameters.AddWithValue("$severity", (int)a.Severity);
    }

    public async Task<IReadOnlyList<StoredAnomaly>> QueryAsync(string? series, DateTimeOffset? since, DateTimeOffset? until, int limit, CancellationToken cancellationToken)
    {
        AnomalyRows.ValidateLimit(limit);

        await using var connection = await store.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT a.id, s.name, a.ts, a.value, a.expected, a.score, a.methods, a.severity, a.detected_at, a.job_id
            FROM anomalies a JOIN series s ON s.id = a.series_id
            WHERE a.ts >= $from AND a.ts < $to {(series is null ? "" : "AND s.name = $name")}
            ORDER BY a.ts, s.name LIMIT $limit
            """;
        if (series is not null)
        {
            command.Parameters.AddWithValue("$name", series);
        }

        command.Parameters.AddWithValue("$from", since?.ToUnixTimeMilliseconds() ?? long.MinValue);
        command.Parameters.AddWithValue("$to", until?.ToUnixTimeMilliseconds() ?? long.MaxValue);
        command.Parameters.AddWithValue("$limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await AnomalyRows.ReadAsync(reader, cancellationToken);
    }
}
