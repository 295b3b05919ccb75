namespace Jobs.BuiltIn.Pipeline.Rows;

/// <summary>The result of a block that produces rows: a summary, a preview, and the artifact that holds all the rows.</summary>
/// <remarks>A dependent job reads the rows through <see cref="Artifact"/> (JSON lines), never from the job row.</remarks>
public sealed record RowSetResult
{
    /// <summary>How many rows were kept.</summary>
    public required long Rows { get; init; }

    /// <summary>The columns, in the order they first appeared.</summary>
    public required IReadOnlyList<string> Columns { get; init; }

    /// <summary>The rows, one JSON object a line, relative to the data directory (<c>artifacts/&lt;jobId&gt;/rows.jsonl</c>).</summary>
    public required string Artifact { get; init; }

    /// <summary>The first few rows.</summary>
    public required IReadOnlyList<OrderedDictionary<string, object?>> Preview { get; init; }

    /// <summary>How many rows were invalid and set aside.</summary>
    public long InvalidRows { get; init; }

    /// <summary>The invalid rows with their reasons (<c>_row</c>, <c>_reason</c> and the row's values), when there were any.</summary>
    public string? InvalidArtifact { get; init; }

    /// <summary>The first invalid rows with their reasons (all of them are in <see cref="InvalidArtifact"/>).</summary>
    public IReadOnlyList<RowError> Errors { get; init; } = [];
}
