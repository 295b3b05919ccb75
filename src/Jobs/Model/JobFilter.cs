namespace Jobs.Model;

/// <summary>Which jobs a list shows. Every field is optional; set ones are combined with AND.</summary>
public sealed record JobFilter
{
    public JobState? State { get; init; }
    public string? Type { get; init; }
    public string? Queue { get; init; }
    public string? Tag { get; init; }
    /// <summary>Free text matched against the type, queue, id, arguments and last error.</summary>
    public string? Text { get; init; }
}

/// <summary>One page of a keyset-paged list, newest first.</summary>
/// <param name="Items">The jobs on this page.</param>
/// <param name="NextCursor">Pass it back for the next page; null on the last one.</param>
public sealed record JobPage(IReadOnlyList<JobSummary> Items, string? NextCursor);
