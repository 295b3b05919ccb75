using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Jobs.Storage.Postgres;

/// <summary>Lets <c>dotnet ef migrations add --context PostgresJobsDbContext</c> build the context without a host or a server.</summary>
internal sealed class DesignTimePostgresJobsDbContextFactory : IDesignTimeDbContextFactory<PostgresJobsDbContext>
{
    public PostgresJobsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresJobsDbContext>().UseNpgsql("Host=localhost;Database=jobs_design_time").Options);
}
