using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Dashboard.Auth;

/// <summary>Users, roles, API keys and the audit log: the dashboard's own tables in the engine's database (SQLite, or PostgreSQL through <see cref="PostgresAuthDbContext"/>).</summary>
/// <remarks>
/// A context of its own (not the engine's <c>JobsDbContext</c>) because none of this is the engine's data; its
/// migrations live in <c>Auth/Migrations</c> and record themselves in <see cref="MigrationsHistoryTable"/>, so
/// the two sets of migrations never see each other's history.
/// </remarks>
internal class AuthDbContext : IdentityDbContext<IdentityUser>
{
    public AuthDbContext(DbContextOptions<AuthDbContext> options)
        : base(options)
    {
    }

    /// <summary>For <see cref="PostgresAuthDbContext"/>, whose options name its own type.</summary>
    protected AuthDbContext(DbContextOptions options)
        : base(options)
    {
    }

    /// <summary>Where this context's applied migrations are recorded.</summary>
    public const string MigrationsHistoryTable = "__AuthMigrationsHistory";

    public DbSet<ApiKeyEntity> ApiKeys => Set<ApiKeyEntity>();

    public DbSet<AuditEntryEntity> AuditEntries => Set<AuditEntryEntity>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<ApiKeyEntity>(key =>
        {
            key.ToTable("api_keys");
            key.Property(k => k.KeyId).HasMaxLength(32);
            key.Property(k => k.Name).HasMaxLength(100);
            key.Property(k => k.Role).HasMaxLength(20);
            key.Property(k => k.CreatedBy).HasMaxLength(256);
            key.HasIndex(k => k.KeyId).IsUnique();
            key.HasIndex(k => k.Name).IsUnique();
        });

        builder.Entity<AuditEntryEntity>(entry =>
        {
            entry.ToTable("audit_log");
            entry.Property(e => e.Actor).HasMaxLength(256);
            entry.Property(e => e.Action).HasMaxLength(64);
            entry.Property(e => e.TargetType).HasMaxLength(32);
            entry.Property(e => e.TargetId).HasMaxLength(256);
            // Pages ask "what happened to this job / schedule", newest first: the id orders by insertion.
            entry.HasIndex(e => new { e.TargetType, e.TargetId, e.Id });
        });
    }
}
