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

    /// <summary>Lists oldest first (ascending creation) instead of newest first. Defaults to false.</summary>
    /// <remarks>Ids grow with creation time, so either order pages by id through the same indexes.</remarks>
    public bool OldestFirst { get; init; }
}

/// <summary>One page of a keyset-paged list, in the filter's order.</summary>
/// <param name="Items">The jobs on this page.</param>
/// <param name="NextCursor">Pass it back for the next page; null on the last one.</param>
public sealed record JobPage(IReadOnlyList<JobSummary> Items, string? NextCursor);
