using Microsoft.EntityFrameworkCore;

namespace Jobs.Storage;

/// <summary>The engine's schema. EF Core owns it and its migrations; the hot path writes with prepared commands.</summary>
/// <remarks>
/// This type carries the SQLite migrations. Migrations are per provider, so PostgreSQL's set belongs to
/// <see cref="Postgres.PostgresJobsDbContext"/>, which derives from this one and shares the model.
/// </remarks>
internal class JobsDbContext : DbContext
{
    public JobsDbContext(DbContextOptions<JobsDbContext> options)
        : base(options)
    {
    }

    /// <summary>For a provider's derived context, so its migrations are found by its own type.</summary>
    protected JobsDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<JobEntity> Jobs => Set<JobEntity>();
    public DbSet<JobTagEntity> JobTags => Set<JobTagEntity>();
    public DbSet<JobDependencyEntity> JobDependencies => Set<JobDependencyEntity>();
    public DbSet<JobLogEntity> JobLogs => Set<JobLogEntity>();
    public DbSet<JobStateCountEntity> JobStateCounts => Set<JobStateCountEntity>();
    public DbSet<NodeEntity> Nodes => Set<NodeEntity>();
    public DbSet<SeriesEntity> Series => Set<SeriesEntity>();
    public DbSet<SeriesPointEntity> SeriesPoints => Set<SeriesPointEntity>();
    public DbSet<AnomalyEntity> Anomalies => Set<AnomalyEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var job = modelBuilder.Entity<JobEntity>();
        job.ToTable("jobs");
        job.HasKey(j => j.Id);
        job.Property(j => j.Id).HasColumnName("id").ValueGeneratedOnAdd();
        job.Property(j => j.Type).HasColumnName("type");
        job.Property(j => j.Queue).HasColumnName("queue");
        job.Property(j => j.Priority).HasColumnName("priority");
        job.Property(j => j.State).HasColumnName("state");
        job.Property(j => j.Arguments).HasColumnName("args");
        job.Property(j => j.Result).HasColumnName("result");
        job.Property(j => j.CreatedAt).HasColumnName("created_at");
        job.Property(j => j.UpdatedAt).HasColumnName("updated_at");
        job.Property(j => j.RunAt).HasColumnName("run_at");
        job.Property(j => j.StartedAt).HasColumnName("started_at");
        job.Property(j => j.FinishedAt).HasColumnName("finished_at");
        job.Property(j => j.Attempt).HasColumnName("attempt");
        job.Property(j => j.RetryCount).HasColumnName("retry_count");
        job.Property(j => j.MaxRetries).HasColumnName("max_retries");
        job.Property(j => j.RetryDelayMs).HasColumnName("retry_delay_ms");
        job.Property(j => j.RetryBackoff).HasColumnName("retry_backoff");
        job.Property(j => j.RetryJitter).HasColumnName("retry_jitter");
        job.Property(j => j.TimeoutMs).HasColumnName("timeout_ms");
        job.Property(j => j.Owner).HasColumnName("owner");
        job.Property(j => j.LeaseUntil).HasColumnName("lease_until");
        job.Property(j => j.LeaseVersion).HasColumnName("lease_version");
        job.Property(j => j.CancelRequested).HasColumnName("cancel_requested");
        job.Property(j => j.UniqueKey).HasColumnName("unique_key");
        job.Property(j => j.Tags).HasColumnName("tags");
        job.Property(j => j.Metadata).HasColumnName("metadata");
        job.Property(j => j.Progress).HasColumnName("progress");
        job.Property(j => j.ProgressMessage).HasColumnName("progress_message");
        job.Property(j => j.ProgressCurrent).HasColumnName("progress_current");
        job.Property(j => j.ProgressTotal).HasColumnName("progress_total");
        job.Property(j => j.LastErrorType).HasColumnName("last_error_type");
        job.Property(j => j.LastErrorMessage).HasColumnName("last_error_message");
        job.Property(j => j.Reason).HasColumnName("reason");
        job.Property(j => j.History).HasColumnName("history");
        job.Property(j => j.Attempts).HasColumnName("attempts");

        // Paging newest-first within a state, and the state counts' fallback.
        job.HasIndex(j => new { j.State, j.Id }).HasDatabaseName("ix_jobs_state_id");
        job.HasIndex(j => new { j.Type, j.Id }).HasDatabaseName("ix_jobs_type_id");
        job.HasIndex(j => new { j.Queue, j.Id }).HasDatabaseName("ix_jobs_queue_id");
        // Claiming ready work nobody owns, in priority then FIFO order. Partial: owned rows (the hot path) skip it.
        job.HasIndex(j => new { j.Priority, j.Id }).IsDescending(true, false).HasDatabaseName("ix_jobs_claimable")
            .HasFilter("state = 2 AND owner IS NULL");
        // Due delayed jobs and retries.
        job.HasIndex(j => j.RunAt).HasDatabaseName("ix_jobs_due").HasFilter("state IN (0, 5)");
        // Lease renewal and expiry.
        job.HasIndex(j => new { j.Owner, j.LeaseUntil }).HasDatabaseName("ix_jobs_lease").HasFilter("owner IS NOT NULL");
        // One live job per unique key.
        job.HasIndex(j => j.UniqueKey).IsUnique().HasDatabaseName("ux_jobs_unique_key")
            .HasFilter("unique_key IS NOT NULL AND state IN (0, 1, 2, 3, 5)");
        // Retention and dead-letter purge by age.
        job.HasIndex(j => j.FinishedAt).HasDatabaseName("ix_jobs_finished").HasFilter("finished_at IS NOT NULL");
        job.HasIndex(j => j.CancelRequested).HasDatabaseName("ix_jobs_cancel_requested").HasFilter("cancel_requested");

        var tag = modelBuilder.Entity<JobTagEntity>();
        tag.ToTable("job_tags");
        tag.HasKey(t => new { t.Tag, t.JobId });
        tag.Property(t => t.Tag).HasColumnName("tag");
        tag.Property(t => t.JobId).HasColumnName("job_id");
        tag.HasIndex(t => t.JobId).HasDatabaseName("ix_job_tags_job");

        var dep = modelBuilder.Entity<JobDependencyEntity>();
        dep.ToTable("job_dependencies");
        dep.HasKey(d => new { d.ChildId, d.ParentId });
        dep.Property(d => d.ChildId).HasColumnName("child_id");
        dep.Property(d => d.ParentId).HasColumnName("parent_id");
        dep.Property(d => d.Condition).HasColumnName("condition");
        dep.HasIndex(d => d.ParentId).HasDatabaseName("ix_job_dependencies_parent");

        var log = modelBuilder.Entity<JobLogEntity>();
        log.ToTable("job_logs");
        log.HasKey(l => l.Id);
        log.Property(l => l.Id).HasColumnName("id").ValueGeneratedOnAdd();
        log.Property(l => l.JobId).HasColumnName("job_id");
        log.Property(l => l.Attempt).HasColumnName("attempt");
        log.Property(l => l.At).HasColumnName("at");
        log.Property(l => l.Level).HasColumnName("level");
        log.Property(l => l.Message).HasColumnName("message");
        log.HasIndex(l => new { l.JobId, l.Id }).HasDatabaseName("ix_job_logs_job");

        var count = modelBuilder.Entity<JobStateCountEntity>();
        count.ToTable("job_state_counts");
        count.HasKey(c => c.State);
        count.Property(c => c.State).HasColumnName("state").ValueGeneratedNever();
        count.Property(c => c.Count).HasColumnName("count");
        count.HasData(Enumerable.Range(0, 8).Select(s => new JobStateCountEntity { State = s, Count = 0 }));

        var node = modelBuilder.Entity<NodeEntity>();
        node.ToTable("nodes");
        node.HasKey(n => n.Owner);
        node.Property(n => n.Owner).HasColumnName("owner");
        node.Property(n => n.Name).HasColumnName("name");
        node.Property(n => n.Host).HasColumnName("host");
        node.Property(n => n.ProcessId).HasColumnName("process_id");
        node.Property(n => n.Workers).HasColumnName("workers");
        node.Property(n => n.Running).HasColumnName("running");
        node.Property(n => n.StartedAt).HasColumnName("started_at");
        node.Property(n => n.LastHeartbeat).HasColumnName("last_heartbeat");

        OnSeriesModelCreating(modelBuilder);
    }

    /// <summary>Time series and the anomalies found in them (src/Jobs/Series, src/Jobs/Anomalies).</summary>
    private static void OnSeriesModelCreating(ModelBuilder modelBuilder)
    {
        var series = modelBuilder.Entity<SeriesEntity>();
        series.ToTable("series");
        series.HasKey(s => s.Id);
        series.Property(s => s.Id).HasColumnName("id").ValueGeneratedOnAdd();
        series.Property(s => s.Name).HasColumnName("name");
        series.Property(s => s.CreatedAt).HasColumnName("created_at");
        series.HasIndex(s => s.Name).IsUnique().HasDatabaseName("ux_series_name");

        // Keyed by (series, timestamp): a range read is one index range, and appending an existing timestamp updates it.
        var point = modelBuilder.Entity<SeriesPointEntity>();
        point.ToTable("series_points");
        point.HasKey(p => new { p.SeriesId, p.Timestamp });
        point.Property(p => p.SeriesId).HasColumnName("series_id");
        point.Property(p => p.Timestamp).HasColumnName("ts");
        point.Property(p => p.Value).HasColumnName("value");

        var anomaly = modelBuilder.Entity<AnomalyEntity>();
        anomaly.ToTable("anomalies");
        anomaly.HasKey(a => a.Id);
        anomaly.Property(a => a.Id).HasColumnName("id").ValueGeneratedOnAdd();
        anomaly.Property(a => a.SeriesId).HasColumnName("series_id");
        anomaly.Property(a => a.Timestamp).HasColumnName("ts");
        anomaly.Property(a => a.Value).HasColumnName("value");
        anomaly.Property(a => a.Expected).HasColumnName("expected");
        anomaly.Property(a => a.Score).HasColumnName("score");
        anomaly.Property(a => a.Methods).HasColumnName("methods");
        anomaly.Property(a => a.Severity).HasColumnName("severity");
        anomaly.Property(a => a.DetectedAt).HasColumnName("detected_at");
        anomaly.Property(a => a.JobId).HasColumnName("job_id");
        // One anomaly per point: detection runs again and again over overlapping ranges.
        anomaly.HasIndex(a => new { a.SeriesId, a.Timestamp }).IsUnique().HasDatabaseName("ux_anomalies_point");
        anomaly.HasIndex(a => a.Timestamp).HasDatabaseName("ix_anomalies_ts");
    }
}
