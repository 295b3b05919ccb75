using System.Globalization;
using Jobs.Storage.Postgres;
using Npgsql;

namespace Jobs.Metrics;

/// <summary>Job aggregates from the PostgreSQL jobs table: the same query text as <see cref="SqliteJobMetricsSource"/>, with Npgsql's parameter syntax.</summary>
/// <remarks>One query, not a copy: both stores keep times as Unix milliseconds in <c>bigint</c> columns, so integer division buckets alike.</remarks>
internal sealed class PostgresJobMetricsSource(PostgresJobStore store) : IJobMetricsSource
{
    private static readonly string Query = SqliteJobMetricsSource.Aggregates.Replace('$', '@');

    public async Task<IReadOnlyList<JobAggregate>> AggregateAsync(long fromMs, long toMs, long stepMs, string? jobType, JobGrouping grouping, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stepMs, 1);
        await using var connection = await store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var groups = grouping switch
        {
            JobGrouping.Total => SqliteJobMetricsSource.Total,
            JobGrouping.ByType => SqliteJobMetricsSource.ByType,
            _ => $"{SqliteJobMetricsSource.ByType} UNION ALL {SqliteJobMetricsSource.Total}",
        };
        command.CommandText = Query
            .Replace("{0}", jobType is null ? "" : "AND type = @type", StringComparison.Ordinal)
            .Replace("{1}", groups, StringComparison.Ordinal)
            // PostgreSQL types the untyped NULL of the totals' k as text only when told.
            .Replace("NULL AS k", "NULL::text AS k", StringComparison.Ordinal);
        command.Parameters.AddWithValue("from", fromMs);
        command.Parameters.AddWithValue("to", toMs);
        command.Parameters.AddWithValue("step", stepMs);
        if (jobType is not null)
        {
            command.Parameters.AddWithValue("type", jobType);
        }

        var rows = new List<JobAggregate>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new JobAggregate(
                fromMs + (Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture) * stepMs),
                reader.IsDBNull(1) ? JobMetricSeries.AllTypes : reader.GetString(1),
                Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture),
                Convert.ToInt64(reader.GetValue(3), CultureInfo.InvariantCulture),
                Convert.ToInt64(reader.GetValue(4), CultureInfo.InvariantCulture),
                Convert.ToInt64(reader.GetValue(5), CultureInfo.InvariantCulture),
                Nullable(reader, 6),
                Nullable(reader, 7),
                Nullable(reader, 8),
                Nullable(reader, 9)));
        }

        return rows;
    }

    // avg() of bigint is numeric in PostgreSQL.
    private static double? Nullable(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Convert.ToDouble(reader.GetValue(ordinal), CultureInfo.InvariantCulture);
}
