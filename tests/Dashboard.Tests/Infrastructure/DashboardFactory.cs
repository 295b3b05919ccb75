using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;

namespace Jobs.Dashboard.Tests.Infrastructure;

/// <summary>The dashboard in memory, with its data in a temp folder of its own that is deleted afterwards.</summary>
/// <remarks>Use as a class fixture: one app per test class.</remarks>
public class DashboardFactory : WebApplicationFactory<Program>
{
    private readonly TempDirectory _data = new("jobs-dashboard");

    /// <summary>The data folder this app uses.</summary>
    public string DataDirectory => _data.Path;

    /// <summary>Extra configuration, applied after the data folder.</summary>
    /// <remarks>
    /// Sign-in is off by default here (the in-memory server has no network address), so tests of pages and
    /// health need no user; auth tests turn it on with <c>Auth:Enabled=true</c>. The first-start sample data is
    /// off too, and the default schedules first fire one interval after start, as in a long-running install.
    /// </remarks>
    protected virtual IEnumerable<KeyValuePair<string, string>> Settings => [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseSetting("Storage:DataDirectory", _data.Path);
        builder.UseSetting("Auth:Enabled", "false");
        // No first-start sample data: its data_refresh job would show up in every test's job lists.
        builder.UseSetting("BuiltInJobs:SampleData:Enabled", "false");
        // Nor the default schedules' quick first runs (seconds after a first start): they too would add jobs to every test.
        builder.UseSetting("Scheduling:Defaults:FirstRunDelay", "00:00:00");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override IHost CreateHost(IHostBuilder builder) => new ProgramOwnedHost(base.CreateHost(builder));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _data.Dispose();
        GC.SuppressFinalize(this);
    }
}
