using Microsoft.EntityFrameworkCore;

namespace Jobs.BuiltIn.SampleDomain;

/// <summary>The sample domain's own tables (events, loaded files, heatmap cells, risk index), apart from the engine's store.</summary>
/// <remarks>
/// Its own context and migrations, in its own SQLite file (<c>sample.db</c> in the data directory) unless
/// <c>ConnectionStrings:SampleDomain</c> says otherwise. The model uses only portable types, so a PostgreSQL
/// migration set can follow without changing it.
/// </remarks>
public sealed class SampleDomainDbContext(DbContextOptions<SampleDomainDbContext> options) : DbContext(options)
{
    public DbSet<SampleEvent> Events => Set<SampleEvent>();
    public DbSet<LoadedFile> LoadedFiles => Set<LoadedFile>();
    public DbSet<HeatmapCell> HeatmapCells => Set<HeatmapCell>();
    public DbSet<RiskIndexValue> RiskIndex => Set<RiskIndexValue>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<SampleEvent>(e =>
        {
            e.ToTable("sample_events");
            e.HasKey(x => x.Id);
            e.Property(x => x.Region).HasMaxLength(64);
            e.Property(x => x.Category).HasMaxLength(64);
            e.Property(x => x.SourceHash).HasMaxLength(64);
            e.HasIndex(x => new { x.SourceHash, x.SourceLine }).IsUnique();
            e.HasIndex(x => new { x.Day, x.Level });
        });
        modelBuilder.Entity<LoadedFile>(e =>
        {
            e.ToTable("inbox_files");
            e.HasKey(x => x.ContentHash);
            e.Property(x => x.ContentHash).HasMaxLength(64);
            e.Property(x => x.FileName).HasMaxLength(260);
        });
        modelBuilder.Entity<HeatmapCell>(e =>
        {
            e.ToTable("heatmap_cells");
            e.HasKey(x => new { x.Day, x.Level, x.Region });
            e.Property(x => x.Region).HasMaxLength(64);
        });
        modelBuilder.Entity<RiskIndexValue>(e =>
        {
            e.ToTable("risk_index");
            e.HasKey(x => new { x.Day, x.Region });
            e.Property(x => x.Region).HasMaxLength(64);
        });
    }
}
