using Microsoft.EntityFrameworkCore;

namespace Jobs.Dashboard.Auth;

/// <summary>The sign-in store on PostgreSQL: the same model as <see cref="AuthDbContext"/>, with its own migrations (<c>Auth/Migrations/Postgres</c>).</summary>
/// <remarks>EF Core finds migrations by the context type they name, so this type keeps PostgreSQL's set apart from SQLite's.</remarks>
internal sealed class PostgresAuthDbContext(DbContextOptions<PostgresAuthDbContext> options) : AuthDbContext(options);
