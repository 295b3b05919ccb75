using System.Text.Json;
using Jobs.BuiltIn.Artifacts;

namespace Jobs.BuiltIn.Pipeline.Rows;

/// <summary>Writes a row set as a JSON-lines artifact, counting rows and collecting columns and a preview as it goes.</summary>
internal sealed class RowSetWriter : IAsyncDisposable
{
    private const int PreviewRows = 5;
    private readonly FileStream _stream;
    private readonly Utf8JsonWriter _json;
    private readonly List<string> _columns = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly List<OrderedDictionary<string, object?>> _preview = [];

    private RowSetWriter(string fullPath, string relativePath)
    {
        _stream = new FileStream(fullPath, FileMode.Create, FileAccess.Write, FileShare.Read, 64 * 1024, useAsync: true);
        _json = new Utf8JsonWriter(_stream, new JsonWriterOptions { Indented = false, SkipValidation = true });
        Artifact = relativePath;
    }

    /// <summary>The artifact's path relative to the data directory.</summary>
    public string Artifact { get; }

    /// <summary>Rows written so far.</summary>
    public long Count { get; private set; }

    public IReadOnlyList<string> Columns => _columns;

    /// <summary>Creates <paramref name="name"/> in the job's artifact folder.</summary>
    public static RowSetWriter Create(ArtifactStore artifacts, long jobId, string name)
    {
        var path = Path.Combine(artifacts.CreateJobDirectory(jobId), name);
        return new RowSetWriter(path, artifacts.RelativePath(path));
    }

    public async ValueTask WriteAsync(IEnumerable<KeyValuePair<string, object?>> row, CancellationToken cancellationToken)
    {
        var copy = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (k, v) in row)
        {
            copy[k] = v;
            if (_seen.Add(k))
            {
                _columns.Add(k);
            }
        }

        RowJson.Write(_json, copy);
        _json.Flush();
        _stream.WriteByte((byte)'\n');
        _json.Reset();
        Count++;
        if (_preview.Count < PreviewRows)
        {
            _preview.Add(copy);
        }

        if (_stream.Position > 1 << 20)
        {
            await _stream.FlushAsync(cancellationToken);
        }
    }

    /// <summary>The summary of what was written, for a block's result.</summary>
    public RowSetResult ToResult(InvalidRowSink? invalid = null) => new()
    {
        Rows = Count,
        Columns = [.. _columns],
        Artifact = Artifact,
        Preview = [.. _preview],
        InvalidRows = invalid?.Count ?? 0,
        InvalidArtifact = invalid is { Count: > 0 } ? invalid.Artifact : null,
        Errors = invalid?.FirstErrors ?? [],
    };

    public async ValueTask DisposeAsync()
    {
        await _json.FlushAsync();
        await _json.DisposeAsync();
        await _stream.DisposeAsync();
    }
}

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
