using Microsoft.Extensions.Options;

namespace Jobs.Metrics;

/// <summary>Settings of the engine's process and queue sampling, bound from the <c>Metrics</c> section.</summary>
public sealed class MetricsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Metrics";

    /// <summary>Whether this process samples at all. Defaults to true; only processes that run workers sample.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often worker use, CPU, memory and queue depth are sampled into memory. Defaults to 10 seconds.</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How far back the in-memory samples reach (<c>GET /api/metrics/process</c>). Defaults to 6 hours.</summary>
    public TimeSpan History { get; set; } = TimeSpan.FromHours(6);

    /// <summary>
    /// How often the latest sample is also appended to the store's series (<see cref="EngineSeries"/>), for ranges older
    /// than <see cref="History"/>, for other processes and for anomaly detection. Defaults to 5 minutes (aligned to the
    /// epoch): four series of 288 points a day per node, where 10-second samples would be 8,640 each.
    /// </summary>
    public TimeSpan PersistInterval { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>Refuses bad metrics settings at start-up, naming the key.</summary>
internal sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsOptions options)
    {
        var errors = new List<string>();
        const string s = MetricsOptions.SectionName;
        if (options.SampleInterval < TimeSpan.FromSeconds(1) || options.SampleInterval > TimeSpan.FromHours(1))
        {
            errors.Add($"{s}:SampleInterval must be from 1 second to 1 hour (was {options.SampleInterval}).");
        }

        if (options.History < options.SampleInterval || options.History > TimeSpan.FromDays(7))
        {
            errors.Add($"{s}:History must be from {s}:SampleInterval to 7 days (was {options.History}).");
        }

        if (options.PersistInterval < options.SampleInterval || options.PersistInterval > TimeSpan.FromDays(1))
        {
            errors.Add($"{s}:PersistInterval must be from {s}:SampleInterval to 1 day (was {options.PersistInterval}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
