using Jobs.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Jobs.Metrics;

/// <summary>Job aggregates from the SQLite jobs table, served by the <c>ix_jobs_finished</c> index.</summary>
internal sealed class SqliteJobMetricsSource(SqliteJobStore store) : IJobMetricsSource
{
    // States: 4 succeeded, 6 dead-lettered, 7 cancelled. One row per type, plus (type NULL) the totals.
    private const string Aggregates = """
        SELECT type, count(*), sum(state = 6), sum(state IN (4, 6)),
            avg(CASE WHEN state IN (4, 6) AND started_at IS NOT NULL THEN finished_at - started_at END),
            avg(CASE WHEN attempt = 1 AND started_at IS NOT NULL THEN started_at - created_at END)
        FROM jobs WHERE finished_at >= $from AND finished_at < $to AND state IN (4, 6, 7)
        GROUP BY type
        UNION ALL
        SELECT NULL, count(*), sum(state = 6), sum(state IN (4, 6)),
            avg(CASE WHEN state IN (4, 6) AND started_at IS NOT NULL THEN finished_at - started_at END),
            avg(CASE WHEN attempt = 1 AND started_at IS NOT NULL THEN started_at - created_at END)
        FROM jobs WHERE finished_at >= $from AND finished_at < $to AND state IN (4, 6, 7)
        """;

    // Nearest-rank 95th percentile: the ceil(0.95 x count)-th smallest duration, per type and over all.
    private const string Percentiles = """
        WITH d AS (
            SELECT type, finished_at - started_at AS ms FROM jobs
            WHERE finished_at >= $from AND finished_at < $to AND state IN (4, 6) AND started_at IS NOT NULL),
        ranked AS (
            SELECT type, ms, row_number() OVER (PARTITION BY type ORDER BY ms) AS rn, count(*) OVER (PARTITION BY type) AS n FROM d
            UNION ALL
            SELECT NULL, ms, row_number() OVER (ORDER BY ms), count(*) OVER () FROM d)
        SELECT type, ms FROM ranked WHERE rn = max(1, (n * 95 + 99) / 100)
        """;

    public async Task<IReadOnlyList<JobMetricsBucket>> AggregateAsync(long fromMs, long toMs, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenAsync(cancellationToken);
        var p95 = new Dictionary<string, double>(StringComparer.Ordinal);
        using (var command = Command(connection, Percentiles, fromMs, toMs))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                p95[reader.IsDBNull(0) ? JobMetricSeries.AllTypes : reader.GetString(0)] = reader.GetDouble(1);
            }
        }

        var buckets = new List<JobMetricsBucket>();
        using (var command = Command(connection, Aggregates, fromMs, toMs))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var type = reader.IsDBNull(0) ? JobMetricSeries.AllTypes : reader.GetString(0);
                var runs = reader.GetInt64(1);
                var failed = reader.IsDBNull(2) ? 0 : reader.GetInt64(2);
                var completed = reader.IsDBNull(3) ? 0 : reader.GetInt64(3);
                buckets.Add(new JobMetricsBucket(
                    type,
                    runs,
                    completed == 0 ? null : (double)failed / completed,
                    reader.IsDBNull(4) ? null : reader.GetDouble(4),
                    p95.TryGetValue(type, out var p) ? p : null,
                    reader.IsDBNull(5) ? null : reader.GetDouble(5)));
            }
        }

        return buckets;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, long fromMs, long toMs)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$from", fromMs);
        command.Parameters.AddWithValue("$to", toMs);
        return command;
    }
}
