using Jobs.Series;
using Jobs.Storage.Postgres;
using Npgsql;

namespace Jobs.Anomalies;

/// <summary>The PostgreSQL <see cref="IAnomalyStore"/>: the same <c>anomalies</c> table, unique per (series, timestamp), in the shared database.</summary>
/// <remarks>
/// One transaction per call; an existing anomaly's row is locked (<c>FOR UPDATE</c>) before its methods are merged, so two
/// nodes detecting on the same series cannot lose each other's methods.
/// </remarks>
internal sealed class PostgresAnomalyStore(PostgresJobStore store, TimeProvider time) : IAnomalyStore
{
    public async Task<AnomalyWriteResult> UpsertAsync(string series, IReadOnlyList<NewAnomaly> anomalies, long? jobId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(anomalies);
        SeriesNames.Validate(series);
        AnomalyRows.ValidateFinite(anomalies);
        if (anomalies.Count == 0)
        {
            return new AnomalyWriteResult(0, 0);
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var id = await PostgresSeriesStore.EnsureSeriesAsync(connection, series, now, cancellationToken);
        var added = 0;
        var already = 0;
        foreach (var a in anomalies)
        {
            var ts = a.Timestamp.ToUnixTimeMilliseconds();
            await using var existing = new NpgsqlCommand("SELECT methods FROM anomalies WHERE series_id = @series AND ts = @ts FOR UPDATE", connection);
            existing.Parameters.AddWithValue("series", id);
            existing.Parameters.AddWithValue("ts", ts);
            if (await existing.ExecuteScalarAsync(cancellationToken) is string methods)
            {
                await using var merge = new NpgsqlCommand("""
                    UPDATE anomalies SET value = @value, expected = @expected, score = @score, methods = @methods,
                        severity = greatest(severity, @severity)
                    WHERE series_id = @series AND ts = @ts
                    """, connection);
                Bind(merge, id, ts, a, AnomalyNames.ParseMethods(methods) | a.Methods);
                await merge.ExecuteNonQueryAsync(cancellationToken);
                already++;
                continue;
            }

            await using var insert = new NpgsqlCommand("""
                INSERT INTO anomalies (series_id, ts, value, expected, score, methods, severity, detected_at, job_id)
                VALUES (@series, @ts, @value, @expected, @score, @methods, @severity, @now, @job)
                """, connection);
            Bind(insert, id, ts, a, a.Methods);
            insert.Parameters.AddWithValue("now", now);
            insert.Parameters.AddWithValue("job", (object?)jobId ?? DBNull.Value);
            await insert.ExecuteNonQueryAsync(cancellationToken);
            added++;
        }

        await transaction.CommitAsync(cancellationToken);
        return new AnomalyWriteResult(added, already);
    }

    private static void Bind(NpgsqlCommand command, long series, long ts, NewAnomaly a, AnomalyMethods methods)
    {
        command.Parameters.AddWithValue("series", series);
        command.Parameters.AddWithValue("ts", ts);
        command.Parameters.AddWithValue("value", a.Value);
        command.Parameters.Add(new NpgsqlParameter("expected", NpgsqlTypes.NpgsqlDbType.Double) { Value = (object?)a.Expected ?? DBNull.Value });
        command.Parameters.AddWithValue("score", a.Score);
        command.Parameters.AddWithValue("methods", methods.ToName());
        command.Parameters.AddWithValue("severity", (int)a.Severity);
    }

    public async Task<IReadOnlyList<StoredAnomaly>> QueryAsync(string? series, DateTimeOffset? since, DateTimeOffset? until, int limit, CancellationToken cancellationToken)
    {
        AnomalyRows.ValidateLimit(limit);
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            SELECT a.id, s.name, a.ts, a.value, a.expected, a.score, a.methods, a.severity, a.detected_at, a.job_id
            FROM anomalies a JOIN series s ON s.id = a.series_id
            WHERE a.ts >= @from AND a.ts < @to {(series is null ? "" : "AND s.name = @name")}
            ORDER BY a.ts, s.name LIMIT @limit
            """, connection);
        if (series is not null)
        {
            command.Parameters.AddWithValue("name", series);
        }

        command.Parameters.AddWithValue("from", since?.ToUnixTimeMilliseconds() ?? long.MinValue);
        command.Parameters.AddWithValue("to", until?.ToUnixTimeMilliseconds() ?? long.MaxValue);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await AnomalyRows.ReadAsync(reader, cancellationToken);
    }
}
