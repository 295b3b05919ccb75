using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Jobs.BuiltIn.SampleDomain;

/// <summary>Lets <c>dotnet ef migrations add ... --context SampleDomainDbContext</c> build the model without a host.</summary>
internal sealed class SampleDomainDesignTimeFactory : IDesignTimeDbContextFactory<SampleDomainDbContext>
{
    public SampleDomainDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SampleDomainDbContext>().UseSqlite("Data Source=sample-design.db").Options);
}
