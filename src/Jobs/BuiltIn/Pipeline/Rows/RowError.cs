using Jobs.Errors;

namespace Jobs.BuiltIn.Pipeline.Rows;

/// <summary>Why one input row was not kept.</summary>
/// <param name="Row">The 1-based number of the row in the input; for <c>file_ingestion</c>, the line number in the file.</param>
/// <param name="Column">The column at fault, when one is.</param>
/// <param name="Reason">What is wrong, in words.</param>
public sealed record RowError(long Row, string? Column, string Reason)
{
    /// <summary>The error as one line: <c>row 3: age: must be at least 0</c>.</summary>
    public override string ToString() =>
        Column is null ? FormattableString.Invariant($"row {Row}: {Reason}") : FormattableString.Invariant($"row {Row}: {Column}: {Reason}");
}

/// <summary>What a block does with rows that are invalid.</summary>
public enum InvalidRowPolicy
{
    /// <summary>The job fails (permanently) after writing the valid rows and the invalid ones with their reasons as artifacts. The default.</summary>
    Fail,
    /// <summary>Invalid rows are set aside with their reasons; the valid rows go on and the job succeeds.</summary>
    Skip,
}

/// <summary>A block found invalid rows and was told to fail on them; nothing is lost: both row sets are kept as artifacts.</summary>
/// <remarks>Permanent: the same input fails the same way, so retrying is pointless.</remarks>
public sealed class InvalidRowsException : PermanentJobException
{
    public InvalidRowsException() { }
    public InvalidRowsException(string message) : base(message) { }
    public InvalidRowsException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception with a message naming the first errors and where the rows are kept.</summary>
    public InvalidRowsException(long invalid, long total, IReadOnlyList<RowError> errors, string validArtifact, string invalidArtifact)
        : base(FormattableString.Invariant(
            $"{invalid} of {total} rows are invalid: {string.Join("; ", errors.Take(5))}{(invalid > 5 ? "; ..." : "")}. Valid rows kept in {validArtifact}, invalid rows with reasons in {invalidArtifact}."))
    {
        Errors = errors;
    }

    /// <summary>The invalid rows (the first ones, as many as the result keeps).</summary>
    public IReadOnlyList<RowError> Errors { get; } = [];
}

/// <summary>The input of a block could not be read: a missing file, a job without a row set, bad JSON.</summary>
public sealed class PipelineInputException : PermanentJobException
{
    public PipelineInputException() { }
    public PipelineInputException(string message) : base(message) { }
    public PipelineInputException(string message, Exception innerException) : base(message, innerException) { }
}
