using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Jobs.Dashboard.Auth;

/// <summary>Lets <c>dotnet ef migrations add … --context PostgresAuthDbContext</c> build the context without a server.</summary>
internal sealed class DesignTimePostgresAuthDbContextFactory : IDesignTimeDbContextFactory<PostgresAuthDbContext>
{
    public PostgresAuthDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAuthDbContext>()
            .UseNpgsql("Host=localhost;Database=jobs_design_time", npgsql => npgsql.MigrationsHistoryTable(AuthDbContext.MigrationsHistoryTable))
            .Options);
}
