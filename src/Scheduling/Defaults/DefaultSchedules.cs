using System.Globalization;
using System.Text.Json;
using Jobs.Scheduling.Configuration;
using Jobs.Scheduling.Model;

namespace Jobs.Scheduling.Defaults;

/// <summary>The schedules the seed projects ran, created on first start.</summary>
/// <remarks>
/// From the seeds: <c>hourly_refresh</c> (incremental data refresh, hourly), <c>daily_refresh</c> (full refresh,
/// every 24 hours), <c>anomaly_detection</c> (risk-index anomaly detection, every 2 hours), <c>etl</c> (every
/// ETL_INTERVAL_MINUTES), <c>heatmap</c> (every HEATMAP_INTERVAL_MINUTES for HEATMAP_LEVELS) and <c>cleanup</c>
/// (daily retention clean-up). All skip overlapping runs and fire once after downtime, as APScheduler's
/// max_instances=1 with coalesce did.
/// </remarks>
internal static class DefaultSchedules
{

    /// <summary>The default definitions for the given settings.</summary>
    public static IReadOnlyList<ScheduleDefinition> Create(DefaultSchedulesOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);

        // In the order their first runs feed each other: load the inbox, sum it, refresh the index, look for anomalies in it.
        ScheduleDefinition[] intervals =
        [
            Interval("etl", "ETL", "etl", null, options.EtlIntervalMinutes),
            Interval("heatmap", "Heatmap generation", "heatmap", JsonSerializer.Serialize(new { levels = options.HeatmapLevelList() }), options.HeatmapIntervalMinutes),
            Interval("hourly_refresh", "Incremental data refresh", "data_refresh", """{"mode":"incremental"}""", options.HourlyRefreshIntervalMinutes),
            Interval("daily_refresh", "Full data refresh", "data_refresh", """{"mode":"full"}""", options.DailyRefreshIntervalMinutes),
            Interval("anomaly_detection", "Risk-index anomaly detection", "anomaly_detection", """{"series":"risk_index"}""", options.AnomalyDetectionIntervalMinutes),
        ];
        if (options.FirstRunDelay > TimeSpan.Zero)
        {
            for (var i = 0; i < intervals.Length; i++)
            {
                intervals[i].StartAt = now + options.FirstRunDelay + (options.FirstRunSpacing * i);
            }
        }

        return
        [
            .. intervals,
            new ScheduleDefinition
            {
                Name = "cleanup",
                Description = "Daily retention clean-up of finished jobs",
                JobType = "cleanup",
                Cron = options.CleanupCron,
                TimeZone = "UTC",
            },
        ];
    }

    private static ScheduleDefinition Interval(string name, string description, string jobType, string? arguments, int minutes) => new()
    {
        Name = name,
        Description = description,
        JobType = jobType,
        Arguments = arguments,
        Every = minutes % 60 == 0 ? (minutes / 60).ToString(CultureInfo.InvariantCulture) + "h" : minutes.ToString(CultureInfo.InvariantCulture) + "m",
        TimeZone = "UTC",
    };
}
