namespace Jobs.Dashboard.Api.Admin;

/// <summary>Settings of <c>POST /admin/run-jobs</c>, bound from the <c>Admin</c> section; <c>ADMIN_API_KEY</c> and <c>HEATMAP_LEVELS</c> override it.</summary>
/// <remarks>The two environment variables are the seed's own names, so a deployment of the original keeps working unchanged.</remarks>
internal sealed class AdminTriggerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Admin";

    /// <summary>The seed's environment variable for the key.</summary>
    public const string ApiKeyVariable = "ADMIN_API_KEY";

    /// <summary>The seed's environment variable for the default heatmap levels.</summary>
    public const string HeatmapLevelsVariable = "HEATMAP_LEVELS";

    /// <summary>The key callers send in <c>x-api-key</c>. None (the default) disables the route: it answers 404.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Heatmap levels when a request names none, comma-separated. Defaults to <c>1,2,3</c>.</summary>
    public string HeatmapLevels { get; set; } = "1,2,3";

    /// <summary>How long the route waits for each task's job to finish. Defaults to 10 minutes; the job keeps running after.</summary>
    public TimeSpan TaskTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The default levels as a list.</summary>
    public IReadOnlyList<string> DefaultLevels =>
        [.. HeatmapLevels.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
