using Microsoft.EntityFrameworkCore;

namespace Jobs.Storage.Postgres;

/// <summary>The engine's schema on PostgreSQL: the same model as <see cref="JobsDbContext"/>, with its own migrations.</summary>
/// <remarks>EF Core finds migrations by the context type they name, so this type keeps PostgreSQL's set apart from SQLite's.</remarks>
internal sealed class PostgresJobsDbContext(DbContextOptions<PostgresJobsDbContext> options) : JobsDbContext(options);
