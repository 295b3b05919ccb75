namespace Jobs.Scheduling.Configuration;

/// <summary>Scheduler settings, bound from the <c>Scheduling</c> section.</summary>
public sealed class JobSchedulingOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Scheduling";

    /// <summary>How late a fire may be before it counts as missed and the schedule's misfire policy applies. Defaults to 1 minute.</summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// On PostgreSQL (clustered Quartz): how often a node checks in. A node silent for about twice this is treated as dead
    /// and its schedules move to the others. Defaults to 7.5 seconds.
    /// </summary>
    public TimeSpan ClusterCheckinInterval { get; set; } = SchedulerStoreSettings.DefaultCheckinInterval;

    /// <summary>Whether this process fires schedules. Defaults to true; the CLI only edits them.</summary>
    public bool RunScheduler { get; set; } = true;

    /// <summary>The default schedules created on first start.</summary>
    public DefaultSchedulesOptions Defaults { get; set; } = new();
}

/// <summary>The default schedules from the seeds, created on first start only (<c>Scheduling:Defaults</c>).</summary>
/// <remarks>
/// <c>ETL_INTERVAL_MINUTES</c>, <c>HEATMAP_INTERVAL_MINUTES</c> and <c>HEATMAP_LEVELS</c> override the matching keys,
/// as in the seed project. A later change of these values does not touch schedules already created: edit those.
/// </remarks>
public sealed class DefaultSchedulesOptions
{
    /// <summary>Whether to create the defaults on first start. Defaults to true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Minutes between <c>etl</c> runs (env <c>ETL_INTERVAL_MINUTES</c>). Defaults to 15.</summary>
    public int EtlIntervalMinutes { get; set; } = 15;

    /// <summary>Minutes between <c>heatmap</c> runs (env <c>HEATMAP_INTERVAL_MINUTES</c>). Defaults to 30.</summary>
    public int HeatmapIntervalMinutes { get; set; } = 30;

    /// <summary>The heatmap levels, comma-separated (env <c>HEATMAP_LEVELS</c>). Defaults to <c>1,2,3</c>.</summary>
    public string HeatmapLevels { get; set; } = "1,2,3";

    /// <summary>Minutes between incremental data refreshes (<c>hourly_refresh</c>). Defaults to 60.</summary>
    public int HourlyRefreshIntervalMinutes { get; set; } = 60;

    /// <summary>Minutes between full data refreshes (<c>daily_refresh</c>). Defaults to 1440 (24 hours).</summary>
    public int DailyRefreshIntervalMinutes { get; set; } = 1440;

    /// <summary>Minutes between anomaly detections on the risk index (<c>anomaly_detection</c>). Defaults to 120.</summary>
    public int AnomalyDetectionIntervalMinutes { get; set; } = 120;

    /// <summary>How long after the first start the interval defaults fire for the first time; after that, once per interval.</summary>
    /// <remarks>
    /// Defaults to 10 seconds, so a newcomer sees every default run within a minute instead of after 15 minutes to a
    /// day. They start in the order <c>etl</c>, <c>heatmap</c>, <c>hourly_refresh</c>, <c>daily_refresh</c>,
    /// <c>anomaly_detection</c>, <see cref="FirstRunSpacing"/> apart, so each finds the previous one's data.
    /// Zero leaves the first fire one interval after the first start. Only the first start is affected.
    /// </remarks>
    public TimeSpan FirstRunDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The gap between the first fires of consecutive interval defaults. Defaults to 3 seconds.</summary>
    public TimeSpan FirstRunSpacing { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The cron expression of the daily retention clean-up (<c>cleanup</c>), in UTC. Defaults to <c>0 3 * * *</c>.</summary>
    public string CleanupCron { get; set; } = "0 3 * * *";

    /// <summary>The levels as a list (blank entries dropped).</summary>
    public IReadOnlyList<string> HeatmapLevelList() =>
        [.. HeatmapLevels.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
}
