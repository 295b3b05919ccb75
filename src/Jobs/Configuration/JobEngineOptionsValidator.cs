using Microsoft.Extensions.Options;

namespace Jobs.Configuration;

/// <summary>Refuses bad engine settings at start-up with a message that names the configuration key.</summary>
internal sealed class JobEngineOptionsValidator : IValidateOptions<JobEngineOptions>, IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, JobEngineOptions options)
    {
        var errors = new List<string>();
        const string s = JobEngineOptions.SectionName;
        if (options.Workers is < 1 or > 1024)
        {
            errors.Add($"{s}:Workers must be from 1 to 1024 (was {options.Workers}).");
        }

        if (options.MaxRetries is < 0 or > 1000)
        {
            errors.Add($"{s}:MaxRetries must be from 0 to 1000 (was {options.MaxRetries}).");
        }

        if (options.RetryDelay < TimeSpan.Zero)
        {
            errors.Add($"{s}:RetryDelay must not be negative (was {options.RetryDelay}).");
        }

        if (double.IsNaN(options.RetryBackoff) || options.RetryBackoff < 1 || options.RetryBackoff > 100)
        {
            errors.Add($"{s}:RetryBackoff must be from 1 to 100 (was {options.RetryBackoff}).");
        }

        if (options.MaxRetryDelay <= TimeSpan.Zero)
        {
            errors.Add($"{s}:MaxRetryDelay must be positive (was {options.MaxRetryDelay}).");
        }

        if (options.DefaultTimeout is { } t && t <= TimeSpan.Zero)
        {
            errors.Add($"{s}:DefaultTimeout must be positive or empty for none (was {t}).");
        }

        if (options.LeaseDuration < TimeSpan.FromMilliseconds(300))
        {
            errors.Add($"{s}:LeaseDuration must be at least 300 ms (was {options.LeaseDuration}).");
        }

        Positive(errors, $"{s}:ShutdownGrace", options.ShutdownGrace, allowZero: true);
        Positive(errors, $"{s}:CancellationGrace", options.CancellationGrace, allowZero: true);
        Positive(errors, $"{s}:ExternalChangePollInterval", options.ExternalChangePollInterval, allowZero: false);
        Positive(errors, $"{s}:SucceededRetention", options.SucceededRetention, allowZero: true);
        Positive(errors, $"{s}:FailedRetention", options.FailedRetention, allowZero: true);
        Positive(errors, $"{s}:RetentionInterval", options.RetentionInterval, allowZero: false);
        if (options.RetentionInterval > TimeSpan.FromDays(30))
        {
            errors.Add($"{s}:RetentionInterval must be at most 30 days (was {options.RetentionInterval}).");
        }

        if (options.LeaseDuration > TimeSpan.FromDays(1))
        {
            errors.Add($"{s}:LeaseDuration must be at most 1 day (was {options.LeaseDuration}).");
        }
        if (options.LogLinesPerAttempt is < 0 or > 100_000)
        {
            errors.Add($"{s}:LogLinesPerAttempt must be from 0 to 100000 (was {options.LogLinesPerAttempt}).");
        }

        if (options.MaxArgumentsBytes < 1)
        {
            errors.Add($"{s}:MaxArgumentsBytes must be positive (was {options.MaxArgumentsBytes}).");
        }

        foreach (var (queue, limit) in options.QueueConcurrency)
        {
            if (limit < 1)
            {
                errors.Add($"{s}:QueueConcurrency:{queue} must be at least 1 (was {limit}).");
            }
        }

        foreach (var (type, limit) in options.TypeConcurrency)
        {
            if (limit < 1)
            {
                errors.Add($"{s}:TypeConcurrency:{type} must be at least 1 (was {limit}).");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        const string s = StorageOptions.SectionName;
        switch (options.ResolveProvider())
        {
            case null:
                return ValidateOptionsResult.Fail($"{s}:Provider must be sqlite or postgres (was '{options.Provider}').");
            case StorageProvider.Postgres:
                if (!StorageOptions.IsPostgresConnectionString(options.ConnectionString))
                {
                    return ValidateOptionsResult.Fail($"ConnectionStrings:Jobs must be a PostgreSQL connection string such as 'Host=db;Database=jobs;Username=jobs;Password=...' when {s}:Provider is postgres.");
                }

                try
                {
                    _ = new Npgsql.NpgsqlConnectionStringBuilder(options.ConnectionString);
                }
                catch (ArgumentException ex)
                {
                    return ValidateOptionsResult.Fail($"ConnectionStrings:Jobs is not a valid PostgreSQL connection string ({ex.Message}).");
                }

                return ValidateOptionsResult.Success;
            default:
                if (StorageOptions.IsPostgresConnectionString(options.ConnectionString))
                {
                    return ValidateOptionsResult.Fail($"ConnectionStrings:Jobs is a PostgreSQL connection string but {s}:Provider is sqlite; remove one of them.");
                }

                if (string.IsNullOrWhiteSpace(options.ConnectionString) && string.IsNullOrWhiteSpace(options.DataDirectory))
                {
                    return ValidateOptionsResult.Fail($"{s}:DataDirectory must name a folder.");
                }

                if (!Enum.IsDefined(options.Synchronous))
                {
                    return ValidateOptionsResult.Fail($"{s}:Synchronous must be Normal or Full.");
                }

                return ValidateOptionsResult.Success;
        }
    }

    private static void Positive(List<string> errors, string key, TimeSpan value, bool allowZero)
    {
        if (value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero))
        {
            errors.Add($"{key} must be {(allowZero ? "zero or more" : "positive")} (was {value}).");
        }
    }
}
