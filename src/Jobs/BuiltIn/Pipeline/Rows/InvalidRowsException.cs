using Jobs.Errors;

namespace Jobs.BuiltIn.Pipeline.Rows;

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
