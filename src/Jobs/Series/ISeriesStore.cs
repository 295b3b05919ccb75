namespace Jobs.Series;

/// <summary>One point of a time series.</summary>
/// <param name="Timestamp">When (stored to the millisecond, UTC).</param>
/// <param name="Value">A finite number.</param>
public readonly record struct SeriesPoint(DateTimeOffset Timestamp, double Value);

/// <summary>A stored series and its extent.</summary>
/// <param name="Name">The series name, e.g. <c>risk_index</c> or <c>jobs.etl.runs</c>.</param>
/// <param name="Points">How many points it holds.</param>
/// <param name="First">Its earliest timestamp, if any.</param>
/// <param name="Last">Its latest timestamp, if any.</param>
public sealed record SeriesInfo(string Name, long Points, DateTimeOffset? First, DateTimeOffset? Last);

/// <summary>Named time series of (timestamp, value) points, kept in the engine's store.</summary>
/// <remarks>
/// A series has at most one value per timestamp: appending a timestamp that is already stored replaces its value, so
/// re-running the job that produced a point is harmless (jobs run at least once). Series are created by their first
/// append. Engine metrics are recorded as <c>jobs.&lt;type&gt;.&lt;metric&gt;</c> (see <c>JobMetricsRecorder</c>).
/// </remarks>
public interface ISeriesStore
{
    /// <summary>Appends (or replaces, by timestamp) points of <paramref name="series"/>; returns how many were written.</summary>
    /// <exception cref="Client.JobValidationException">For a blank or over-long name or a NaN or infinite value; nothing is written.</exception>
    Task<int> AppendAsync(string series, IReadOnlyList<SeriesPoint> points, CancellationToken cancellationToken);

    /// <summary>Appends points of several series in one transaction (all or nothing); returns how many were written.</summary>
    /// <remarks>For recorders that write one point to many series at once, such as the engine's metrics per job type.</remarks>
    /// <exception cref="Client.JobValidationException">As <see cref="AppendAsync(string, IReadOnlyList{SeriesPoint}, CancellationToken)"/>; nothing is written.</exception>
    Task<int> AppendAsync(IReadOnlyDictionary<string, IReadOnlyList<SeriesPoint>> points, CancellationToken cancellationToken);

    /// <summary>The points of <paramref name="series"/> with <paramref name="since"/> ≤ timestamp &lt; <paramref name="until"/> (either bound optional), oldest first.</summary>
    /// <remarks>An unknown series reads as empty.</remarks>
    Task<IReadOnlyList<SeriesPoint>> ReadAsync(string series, DateTimeOffset? since, DateTimeOffset? until, CancellationToken cancellationToken);

    /// <summary>Every stored series, by name.</summary>
    Task<IReadOnlyList<SeriesInfo>> ListAsync(CancellationToken cancellationToken);
}
