using System.Globalization;

namespace Jobs.BuiltIn;

/// <summary>Settings of the built-in job types, bound from the <c>BuiltInJobs</c> section.</summary>
public sealed class BuiltInJobsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BuiltInJobs";

    /// <summary>
    /// The heatmap levels computed when a <c>heatmap</c> job names none, comma-separated.
    /// </summary>
    /// <remarks>Defaults to <c>1,2,3</c>. The <c>HEATMAP_LEVELS</c> environment variable (the APScheduler seed's name) overrides it.</remarks>
    public string HeatmapLevels { get; set; } = "1,2,3";

    /// <summary>The sample data shipped with the repository and copied into the inbox at first start.</summary>
    public SampleDataOptions SampleData { get; set; } = new();

    /// <summary>The optional HTTP source of events, read by the ingestion step of <c>data_refresh</c>.</summary>
    public EventSourceOptions EventSource { get; set; } = new();

    /// <summary>The default levels as numbers.</summary>
    /// <exception cref="FormatException">When an entry is not a level from 1 to 3.</exception>
    public IReadOnlyList<int> ParseHeatmapLevels()
    {
        var levels = new List<int>();
        foreach (var part in HeatmapLevels.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var level) || level is < 1 or > 3)
            {
                throw new FormatException($"BuiltInJobs:HeatmapLevels (HEATMAP_LEVELS) must list levels from 1 to 3, comma-separated; '{part}' is not one.");
            }

            if (!levels.Contains(level))
            {
                levels.Add(level);
            }
        }

        return levels;
    }
}

/// <summary>Where the sample data comes from and whether it is seeded.</summary>
public sealed class SampleDataOptions
{
    /// <summary>Whether the first start copies the sample data into the inbox and runs a full refresh. Defaults to true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The folder whose files are copied into the inbox at first start. Relative paths are under the working directory. Defaults to <c>sample-data</c>.</summary>
    public string Directory { get; set; } = "sample-data";

    /// <summary>How many days of recent events (ending today, UTC) the first start generates beside the shipped files. Defaults to 60.</summary>
    /// <remarks>Generated from a fixed seed, so two first starts on the same day produce the same events.</remarks>
    public int GeneratedDays { get; set; } = 60;
}

/// <summary>An HTTP endpoint that serves events as a JSON array or JSON lines.</summary>
public sealed class EventSourceOptions
{
    /// <summary>Whether the ingestion step reads the URL. Defaults to false (off).</summary>
    public bool Enabled { get; set; }

    /// <summary>The URL to GET.</summary>
    public Uri? Url { get; set; }
}
