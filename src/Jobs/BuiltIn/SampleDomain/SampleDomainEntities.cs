namespace Jobs.BuiltIn.SampleDomain;

/// <summary>One event of the sample domain: something happened in a region, with a level (1 to 3), a category and a value.</summary>
public sealed class SampleEvent
{
    public long Id { get; set; }

    /// <summary>When it happened, UTC.</summary>
    public DateTime OccurredAt { get; set; }

    /// <summary>The UTC day of <see cref="OccurredAt"/>, kept as a column so that per-day queries use an index.</summary>
    public DateOnly Day { get; set; }

    /// <summary>The region, trimmed and lower-case.</summary>
    public required string Region { get; set; }

    /// <summary>The level: 1 (low) to 3 (high).</summary>
    public int Level { get; set; }

    /// <summary>The category, trimmed and lower-case.</summary>
    public required string Category { get; set; }

    /// <summary>The measured value.</summary>
    public double Value { get; set; }

    /// <summary>Level times value, set by the enrichment step; null until then.</summary>
    public double? Weight { get; set; }

    /// <summary>The SHA-256 of the file it came from: with <see cref="SourceLine"/>, what makes loading idempotent.</summary>
    public required string SourceHash { get; set; }

    /// <summary>The line (or record number) in the source file.</summary>
    public int SourceLine { get; set; }
}

/// <summary>A file the ETL has loaded, by content hash: the same content never loads twice.</summary>
public sealed class LoadedFile
{
    /// <summary>SHA-256 of the content, lower-case hex.</summary>
    public required string ContentHash { get; set; }

    /// <summary>The name it had in the inbox.</summary>
    public required string FileName { get; set; }

    public DateTime LoadedAt { get; set; }

    /// <summary>How many events it held.</summary>
    public int Events { get; set; }
}

/// <summary>One cell of the heatmap: the sum of event values of one level, day and region.</summary>
public sealed class HeatmapCell
{
    public DateOnly Day { get; set; }
    public int Level { get; set; }
    public required string Region { get; set; }
    public double Sum { get; set; }
    public int Count { get; set; }
    public DateTime ComputedAt { get; set; }
}

/// <summary>The risk index of one day, for one region or overall (<see cref="Overall"/>).</summary>
/// <remarks>The index is the mean event weight (level × value) of the day's events: it grows with both how severe and how large the events are.</remarks>
public sealed class RiskIndexValue
{
    /// <summary>The <see cref="Region"/> of the value over all regions.</summary>
    public const string Overall = "*";

    public DateOnly Day { get; set; }
    public required string Region { get; set; }
    public double Value { get; set; }
    public int Events { get; set; }
    public DateTime ComputedAt { get; set; }
}
