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
