namespace Jobs.Dashboard.Components.Shared;

/// <summary>Where a keyset-paged list is: the cursor each visited page started at, and the next page's.</summary>
/// <remarks>
/// Keyset pages have no numbers to jump to: going back means remembering where each earlier page started, and going
/// forward means the cursor the last load returned. The jobs and dead-letter pages page this way over any number of jobs.
/// </remarks>
internal sealed class KeysetPager
{
    private readonly List<string?> _starts = [null];

    /// <summary>The page shown, from 0 (the first).</summary>
    public int Index { get; private set; }

    /// <summary>Where the page shown starts (null for the first page).</summary>
    public string? CurrentStart => _starts[Index];

    /// <summary>Where the next page starts, as the last load said; null when the page shown is the last.</summary>
    public string? NextCursor { get; set; }

    /// <summary>Whether there is an earlier page.</summary>
    public bool HasPrevious => Index > 0;

    /// <summary>Whether there is a later page.</summary>
    public bool HasNext => NextCursor is not null;

    /// <summary>Moves to the next page; false when there is none.</summary>
    public bool MoveNext()
    {
        if (NextCursor is null)
        {
            return false;
        }

        Index++;
        if (_starts.Count <= Index)
        {
            _starts.Add(NextCursor);
        }
        else
        {
            _starts[Index] = NextCursor;
        }

        return true;
    }

    /// <summary>Moves to the previous page; false on the first.</summary>
    public bool MovePrevious()
    {
        if (Index == 0)
        {
            return false;
        }

        Index--;
        return true;
    }

    /// <summary>Back to the first page, forgetting the rest (the filter or the data changed).</summary>
    public void Reset()
    {
        Index = 0;
        _starts.Clear();
        _starts.Add(null);
        NextCursor = null;
    }
}
