namespace Jobs.Model;

/// <summary>What to run: a registered job type by name, with JSON arguments and how to run it.</summary>
/// <remarks>
/// Everything is data, so a job survives restarts and can be enqueued from the CLI or the REST API.
/// Unset options take the engine's defaults from <c>JobEngine</c> configuration.
/// </remarks>
public sealed record JobRequest
{
    /// <summary>The registered job type name, for example <c>etl</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The arguments as JSON text. Null means the handler's argument type's default (<c>{}</c>).</summary>
    public string? Arguments { get; init; }

    /// <summary>The named queue. Defaults to <c>default</c>.</summary>
    public string? Queue { get; init; }

    /// <summary>The priority. Defaults to <see cref="JobPriority.Normal"/>.</summary>
    public JobPriority Priority { get; init; } = JobPriority.Normal;

    /// <summary>Run no earlier than this time. Mutually exclusive with <see cref="Delay"/>.</summary>
    public DateTimeOffset? RunAt { get; init; }

    /// <summary>Run no earlier than this long after enqueue.</summary>
    public TimeSpan? Delay { get; init; }

    /// <summary>How many times a transient failure is retried. Defaults to the configured value (3).</summary>
    public int? MaxRetries { get; init; }

    /// <summary>The first retry delay; later ones grow by <see cref="RetryBackoff"/>. Defaults to 1 second.</summary>
    public TimeSpan? RetryDelay { get; init; }

    /// <summary>The factor each retry delay grows by. Defaults to 2.</summary>
    public double? RetryBackoff { get; init; }

    /// <summary>Whether to spread retry delays randomly, so failed jobs don't retry in lock-step. Defaults to true.</summary>
    public bool? RetryJitter { get; init; }

    /// <summary>How long one attempt may run before it is cancelled and counted as a (transient) timeout.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Free-form labels to filter by.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Free-form key/value pairs kept with the job.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>
    /// A de-duplication key: while a job with the same key is not finished, enqueueing another
    /// returns the existing job's id instead of creating one.
    /// </summary>
    public string? UniqueKey { get; init; }

    /// <summary>The jobs this one waits for.</summary>
    public IReadOnlyList<JobDependency>? DependsOn { get; init; }

    /// <summary>A name for this request inside one batch, so that other requests of the batch can depend on it.</summary>
    public string? BatchKey { get; init; }
}
