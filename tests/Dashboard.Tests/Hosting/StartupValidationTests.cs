using Jobs.Dashboard.Tests.Fakes;
using Jobs.Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jobs.Dashboard.Tests.Hosting;

public sealed class StartupValidationTests
{
    private sealed class ZeroWorkersFactory : DashboardFactory
    {
        public CapturingLoggerProvider Logs { get; } = new();

        protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("JobEngine:Workers", "0")];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(Logs));
        }
    }

    [Fact]
    public async Task Start_FailsNamingTheKey_WhenWorkersIsZero()
    {
        await using var factory = new ZeroWorkersFactory();

        Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        var critical = Assert.Single(factory.Logs.Entries, e => e.Level == LogLevel.Critical);
        Assert.Contains("JobEngine:Workers", critical.Message, StringComparison.Ordinal);
    }
}
