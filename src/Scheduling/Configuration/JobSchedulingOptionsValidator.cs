using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Jobs.Scheduling.Configuration;

/// <summary>Refuses bad scheduler settings at start-up with a message that names the key or environment variable.</summary>
internal sealed class JobSchedulingOptionsValidator(IConfiguration configuration) : IValidateOptions<JobSchedulingOptions>
{
    /// <summary>The environment variables of the seed project that override <c>Scheduling:Defaults</c>.</summary>
    public const string EtlIntervalVariable = "ETL_INTERVAL_MINUTES";

    public const string HeatmapIntervalVariable = "HEATMAP_INTERVAL_MINUTES";

    public const string HeatmapLevelsVariable = "HEATMAP_LEVELS";

    public ValidateOptionsResult Validate(string? name, JobSchedulingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        const string s = JobSchedulingOptions.SectionName;
        if (options.MisfireThreshold < TimeSpan.FromSeconds(1) || options.MisfireThreshold > TimeSpan.FromDays(1))
        {
            errors.Add($"{s}:MisfireThreshold must be from 1 second to 1 day (was {options.MisfireThreshold}).");
        }

        if (options.ClusterCheckinInterval < TimeSpan.FromMilliseconds(500) || options.ClusterCheckinInterval > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{s}:ClusterCheckinInterval must be from 0.5 seconds to 10 minutes (was {options.ClusterCheckinInterval}).");
        }

        var d = options.Defaults;
        Minutes(errors, configuration[EtlIntervalVariable] is not null ? EtlIntervalVariable : $"{s}:Defaults:EtlIntervalMinutes", configuration[EtlIntervalVariable], d.EtlIntervalMinutes);
        Minutes(errors, configuration[HeatmapIntervalVariable] is not null ? HeatmapIntervalVariable : $"{s}:Defaults:HeatmapIntervalMinutes", configuration[HeatmapIntervalVariable], d.HeatmapIntervalMinutes);
        Minutes(errors, $"{s}:Defaults:HourlyRefreshIntervalMinutes", null, d.HourlyRefreshIntervalMinutes);
        Minutes(errors, $"{s}:Defaults:DailyRefreshIntervalMinutes", null, d.DailyRefreshIntervalMinutes);
        Minutes(errors, $"{s}:Defaults:AnomalyDetectionIntervalMinutes", null, d.AnomalyDetectionIntervalMinutes);
        var levels = d.HeatmapLevelList();
        if (levels.Count == 0 || levels.Any(l => l.Length > 32))
        {
            var key = configuration[HeatmapLevelsVariable] is not null ? HeatmapLevelsVariable : $"{s}:Defaults:HeatmapLevels";
            errors.Add($"{key} must be a comma-separated list of levels such as 1,2,3 (was '{d.HeatmapLevels}').");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Minutes(List<string> errors, string key, string? raw, int value)
    {
        if (value is < 1 or > 525600)
        {
            errors.Add($"{key} must be a whole number of minutes from 1 to 525600 (was '{raw ?? value.ToString(System.Globalization.CultureInfo.InvariantCulture)}').");
        }
    }
}
