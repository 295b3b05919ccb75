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
