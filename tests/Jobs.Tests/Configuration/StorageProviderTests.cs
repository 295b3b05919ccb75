using Jobs.Tests.Fakes;
using Microsoft.Extensions.Options;

namespace Jobs.Tests.Configuration;

/// <summary>Choosing the store: a <c>Host=</c> connection string or <c>Storage:Provider</c>; bad choices stop start-up with the key named.</summary>
public sealed class StorageProviderTests
{
    [Fact]
    public async Task Start_Refuses_PostgresProviderWithoutAPostgresConnectionString()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestEngine.StartAsync(new() { ["Storage:Provider"] = "postgres" }));
        Assert.Contains("ConnectionStrings:Jobs must be a PostgreSQL connection string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_Refuses_AnUnknownProvider()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestEngine.StartAsync(new() { ["Storage:Provider"] = "oracle" }));
        Assert.Contains("Storage:Provider must be sqlite or postgres (was 'oracle')", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_Refuses_SqliteProviderWithAPostgresConnectionString()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestEngine.StartAsync(new()
        {
            ["Storage:Provider"] = "sqlite",
            ["ConnectionStrings:Jobs"] = "Host=127.0.0.1;Database=jobs",
        }));
        Assert.Contains("ConnectionStrings:Jobs is a PostgreSQL connection string but Storage:Provider is sqlite", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_Refuses_AnUnreachablePostgresServer_NamingWhereItLooked()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestEngine.StartAsync(new()
        {
            ["ConnectionStrings:Jobs"] = "Host=127.0.0.1;Port=1;Database=jobs;Username=jobs;Password=secret;Timeout=3",
        }));
        Assert.Contains("PostgreSQL 127.0.0.1:1/jobs", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:Jobs", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }
}
