using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Jobs.Anomalies;

/// <summary>Settings of anomaly detection and of the engine's metric series, section <c>Anomalies</c>.</summary>
/// <remarks>
/// The thresholds can also be set with the Peace Map seed's environment variables <c>ANOMALY_ZSCORE_THRESHOLD</c> and
/// <c>ANOMALY_STL_THRESHOLD</c>, which win over the section.
/// </remarks>
public sealed class AnomalyDetectionOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Anomalies";

    /// <summary>Default z-score threshold. Defaults to 2.0.</summary>
    public double ZScoreThreshold { get; set; } = ZScoreDetector.DefaultThreshold;

    /// <summary>Default robust-z threshold on the STL residual. Defaults to 3.5.</summary>
    public double StlThreshold { get; set; } = RobustZScore.DefaultThreshold;

    /// <summary>How far back the detection job reads each series when its arguments don't say. Defaults to 90 days.</summary>
    public TimeSpan Lookback { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Whether this process records the engine's metric series (<c>jobs.&lt;type&gt;.*</c>). Defaults to true.</summary>
    public bool RecordMetrics { get; set; } = true;

    /// <summary>The step of the engine's metric series. Defaults to 1 hour.</summary>
    public TimeSpan MetricsStep { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How far back the recorder fills buckets when no metric has been recorded yet. Defaults to 1 day.</summary>
    public TimeSpan MetricsBackfill { get; set; } = TimeSpan.FromDays(1);
}

/// <summary>Applies the seed's environment variables over the <c>Anomalies</c> section.</summary>
internal sealed class AnomalyEnvironmentOverrides(IConfiguration configuration) : IConfigureOptions<AnomalyDetectionOptions>
{
    public const string ZScoreVariable = "ANOMALY_ZSCORE_THRESHOLD";
    public const string StlVariable = "ANOMALY_STL_THRESHOLD";

    public void Configure(AnomalyDetectionOptions options)
    {
        options.ZScoreThreshold = Read(ZScoreVariable, options.ZScoreThreshold);
        options.StlThreshold = Read(StlVariable, options.StlThreshold);
    }

    private double Read(string key, double fallback)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        // An unparsable value becomes NaN, which the validator reports with the variable's name.
        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : double.NaN;
    }
}

/// <summary>Refuses bad anomaly settings at start-up, naming the key.</summary>
internal sealed class AnomalyDetectionOptionsValidator : IValidateOptions<AnomalyDetectionOptions>
{
    public ValidateOptionsResult Validate(string? name, AnomalyDetectionOptions options)
    {
        var errors = new List<string>();
        const string s = AnomalyDetectionOptions.SectionName;
        if (!double.IsFinite(options.ZScoreThreshold) || options.ZScoreThreshold <= 0)
        {
            errors.Add($"{s}:ZScoreThreshold (or {AnomalyEnvironmentOverrides.ZScoreVariable}) must be a positive number (was {options.ZScoreThreshold}).");
        }

        if (!double.IsFinite(options.StlThreshold) || options.StlThreshold <= 0)
        {
            errors.Add($"{s}:StlThreshold (or {AnomalyEnvironmentOverrides.StlVariable}) must be a positive number (was {options.StlThreshold}).");
        }

        if (options.Lookback <= TimeSpan.Zero)
        {
            errors.Add($"{s}:Lookback must be positive (was {options.Lookback}).");
        }

        if (options.MetricsStep < TimeSpan.FromMinutes(1) || options.MetricsStep > TimeSpan.FromDays(1))
        {
            errors.Add($"{s}:MetricsStep must be from 1 minute to 1 day (was {options.MetricsStep}).");
        }

        if (options.MetricsBackfill < TimeSpan.Zero)
        {
            errors.Add($"{s}:MetricsBackfill must not be negative (was {options.MetricsBackfill}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
