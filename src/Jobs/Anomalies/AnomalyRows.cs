using System.Data.Common;

namespace Jobs.Anomalies;

/// <summary>The input checks both anomaly stores make before touching the database, so both refuse the same input the same way.</summary>
internal static class AnomalyRows
{
    /// <summary>Largest page a query returns.</summary>
    public const int MaxLimit = IAnomalyStore.MaxLimit;

    public static void ValidateFinite(IReadOnlyList<NewAnomaly> anomalies)
    {
        foreach (var a in anomalies)
        {
            if (!double.IsFinite(a.Value) || !double.IsFinite(a.Score) || a.Expected is { } e && !double.IsFinite(e))
            {
                throw new AnomalyParameterException("anomalies", $"The anomaly at {a.Timestamp:O} has a value, expected value or score that is not a finite number.");
            }
        }
    }

    public static void ValidateLimit(int limit)
    {
        if (limit < 1 || limit > MaxLimit)
        {
            throw new AnomalyParameterException("limit", $"limit must be from 1 to {MaxLimit} (was {limit}).");
        }
    }

    /// <summary>Reads the rows of a query selecting <c>id, series name, ts, value, expected, score, methods, severity, detected_at, job_id</c>, in that order.</summary>
    public static async Task<IReadOnlyList<StoredAnomaly>> ReadAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        var list = new List<StoredAnomaly>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new StoredAnomaly(
                reader.GetInt64(0),
                reader.GetString(1),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                reader.GetDouble(3),
                reader.IsDBNull(4) ? null : reader.GetDouble(4),
                reader.GetDouble(5),
                AnomalyNames.ParseMethods(reader.GetString(6)),
                (AnomalySeverity)reader.GetInt32(7),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
                reader.IsDBNull(9) ? null : reader.GetInt64(9)));
        }

        return list;
    }
}
