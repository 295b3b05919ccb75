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
}
