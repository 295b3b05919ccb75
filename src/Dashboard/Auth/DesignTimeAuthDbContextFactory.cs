using Jobs.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Jobs.Dashboard.Auth;

/// <summary>Lets <c>dotnet ef migrations add … --context AuthDbContext</c> build the context without starting the host.</summary>
internal sealed class DesignTimeAuthDbContextFactory : IDesignTimeDbContextFactory<AuthDbContext>
{
    public AuthDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<AuthDbContext>();
        AuthDatabase.Configure(options, new StorageOptions { DataDirectory = Path.Combine(Path.GetTempPath(), "jobs-design-time") });
        return new AuthDbContext(options.Options);
    }
}
