using System.ComponentModel.DataAnnotations;

namespace Jobs.Configuration;

/// <summary>The engine's settings, bound from the <c>JobEngine</c> configuration section.</summary>
public sealed class JobEngineOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "JobEngine";

    /// <summary>How many jobs run at once in this process. Defaults to 8.</summary>
    [Range(1, 1024)]
    public int Workers { get; set; } = 8;

    /// <summary>The most jobs of one queue that run at once, by queue name. Queues not named are limited only by <see cref="Workers"/>.</summary>
    public Dictionary<string, int> QueueConcurrency { get; set; } = [];

    /// <summary>The most jobs of one type that run at once, by type name (for example 1 for a job that must not overlap itself).</summary>
    public Dictionary<string, int> TypeConcurrency { get; set; } = [];

    /// <summary>Retries after the first attempt when a request says nothing. Defaults to 3.</summary>
    [Range(0, 1000)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>The delay before the first retry. Defaults to 1 second.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The factor each retry delay grows by. Defaults to 2.</summary>
    [Range(1.0, 100.0)]
    public double RetryBackoff { get; set; } = 2.0;

    /// <summary>Whether retry delays are spread randomly. Defaults to true.</summary>
    public bool RetryJitter { get; set; } = true;

    /// <summary>The longest any one retry delay may be. Defaults to 1 hour.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The timeout of an attempt when a request says nothing; null for none. Defaults to 1 hour (the seeds' job_timeout).</summary>
    public TimeSpan? DefaultTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a node's claim on a job lasts without a heartbeat. Defaults to 30 seconds.</summary>
    /// <remarks>After a crash, the jobs the dead process held run again once this has passed.</remarks>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a graceful shutdown waits for running jobs before requeueing them. Defaults to 30 seconds.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a cancelled running job may ignore its token before it is marked cancelled anyway. Defaults to 10 seconds.</summary>
    public TimeSpan CancellationGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the store is checked for work written by other processes (the CLI, another node). Defaults to 250 ms.</summary>
    public TimeSpan ExternalChangePollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long succeeded jobs are kept. Defaults to 24 hours (the seeds' default).</summary>
    public TimeSpan SucceededRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long dead-lettered and cancelled jobs are kept. Defaults to 7 days.</summary>
    public TimeSpan FailedRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the retention clean-up runs. Defaults to 1 hour.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many log lines are kept per attempt. Defaults to 300.</summary>
    [Range(0, 100_000)]
    public int LogLinesPerAttempt { get; set; } = 300;

    /// <summary>The largest accepted arguments JSON, in bytes. Defaults to 1 MiB.</summary>
    [Range(1, int.MaxValue)]
    public int MaxArgumentsBytes { get; set; } = 1024 * 1024;

    /// <summary>This process's name among nodes. Defaults to the machine name.</summary>
    public string? NodeName { get; set; }

    /// <summary>Whether this process runs jobs. The CLI turns it off: it only writes to the store.</summary>
    public bool RunWorkers { get; set; } = true;

    /// <summary>
    /// Whether a plain job (no unique key, dependency or delay) enqueued on a node with idle workers may start before its
    /// insert commits, so that a short job is written once, already finished (SQLite only). The enqueue still returns
    /// after the commit; the price is that a job may run although its enqueue then failed (a full disk) or never
    /// returned (a crash); and for its first moments the job's own row may not be readable yet (handlers with life-cycle
    /// hooks, whose start hook may read it, never start early). Set false when a failed enqueue must mean "never ran".
    /// </summary>
    public bool EarlyStart { get; set; } = true;
}
