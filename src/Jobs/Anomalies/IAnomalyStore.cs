namespace Jobs.Anomalies;

/// <summary>A flagged point to store.</summary>
/// <param name="Timestamp">The point's timestamp in its series.</param>
/// <param name="Value">The observed value.</param>
/// <param name="Expected">Trend + seasonal when STL ran, otherwise the mean; null if unknown.</param>
/// <param name="Score">The strongest rule's score (|z| or the robust z of the residual).</param>
/// <param name="Methods">The rules that flagged it.</param>
/// <param name="Severity">Its severity.</param>
public sealed record NewAnomaly(DateTimeOffset Timestamp, double Value, double? Expected, double Score, AnomalyMethods Methods, AnomalySeverity Severity);

/// <summary>A stored anomaly.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Series">The series it was found in.</param>
/// <param name="Timestamp">The point's timestamp.</param>
/// <param name="Value">The observed value.</param>
/// <param name="Expected">Trend + seasonal (or the mean), if known.</param>
/// <param name="Score">The strongest rule's score.</param>
/// <param name="Methods">Every rule that has flagged this point so far.</param>
/// <param name="Severity">The highest severity seen for this point.</param>
/// <param name="DetectedAt">When it was first detected.</param>
/// <param name="JobId">The detection job that first stored it, if any.</param>
public sealed record StoredAnomaly(long Id, string Series, DateTimeOffset Timestamp, double Value, double? Expected, double Score, AnomalyMethods Methods, AnomalySeverity Severity, DateTimeOffset DetectedAt, long? JobId);

/// <summary>What an upsert did.</summary>
/// <param name="Added">Points not stored before (new alerts).</param>
/// <param name="AlreadyStored">Points already stored for that series and timestamp (merged, not duplicated).</param>
public sealed record AnomalyWriteResult(int Added, int AlreadyStored);

/// <summary>Anomalies found in stored series, at most one per series and timestamp.</summary>
public interface IAnomalyStore
{
    /// <summary>The most anomalies one <see cref="QueryAsync"/> returns.</summary>
    const int MaxLimit = 10_000;

    /// <summary>
    /// Stores <paramref name="anomalies"/> of <paramref name="series"/>. A point already stored is not duplicated: it keeps
    /// its id, first detection time and job, takes the latest value, expected value and score, gains any new methods and
    /// keeps the higher severity.
    /// </summary>
    Task<AnomalyWriteResult> UpsertAsync(string series, IReadOnlyList<NewAnomaly> anomalies, long? jobId, CancellationToken cancellationToken);

    /// <summary>
    /// Anomalies of <paramref name="series"/> (all series when null) with <paramref name="since"/> ≤ timestamp &lt;
    /// <paramref name="until"/>, oldest first, at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<StoredAnomaly>> QueryAsync(string? series, DateTimeOffset? since, DateTimeOffset? until, int limit, CancellationToken cancellationToken);
}
