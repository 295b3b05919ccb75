using Jobs.BuiltIn.Artifacts;

namespace Jobs.BuiltIn.Pipeline.Rows;

/// <summary>Keeps invalid rows with their reasons: all of them in an artifact, the first ones in memory for the result and the error message.</summary>
internal sealed class InvalidRowSink : IAsyncDisposable
{
    /// <summary>How many errors the result and the message carry; the artifact has all.</summary>
    public const int KeptInResult = 100;

    private readonly RowSetWriter _writer;
    private readonly List<RowError> _first = [];

    private InvalidRowSink(RowSetWriter writer) => _writer = writer;

    public static InvalidRowSink Create(ArtifactStore artifacts, long jobId) => new(RowSetWriter.Create(artifacts, jobId, "invalid.jsonl"));

    public long Count => _writer.Count;
    public string Artifact => _writer.Artifact;
    public IReadOnlyList<RowError> FirstErrors => _first;

    public async ValueTask AddAsync(RowError error, IEnumerable<KeyValuePair<string, object?>>? row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (_first.Count < KeptInResult)
        {
            _first.Add(error);
        }

        var entry = new OrderedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["_row"] = error.Row,
            ["_column"] = error.Column,
            ["_reason"] = error.Reason,
        };
        foreach (var (k, v) in row ?? [])
        {
            entry.TryAdd(k, v);
        }

        await _writer.WriteAsync(entry, cancellationToken);
    }

    /// <summary>Throws <see cref="InvalidRowsException"/> when there were invalid rows and the policy says fail.</summary>
    public void ThrowIfFailing(InvalidRowPolicy policy, long total, string validArtifact)
    {
        if (policy == InvalidRowPolicy.Fail && Count > 0)
        {
            throw new InvalidRowsException(Count, total, _first, validArtifact, Artifact);
        }
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
