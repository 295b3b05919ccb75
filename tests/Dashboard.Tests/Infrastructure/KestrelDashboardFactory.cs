using System.Net;
using Jobs.Dashboard.Tests.Fakes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Dashboard.Tests.Infrastructure;

/// <summary>The real app on Kestrel (a free loopback port), with its own temporary data folder and the test-only job types.</summary>
/// <remarks>For clients that need real sockets: a browser, or SignalR over WebSockets. One per test class.</remarks>
public sealed class KestrelDashboardFactory : DashboardFactory
{
    private Uri? _baseAddress;

    public KestrelDashboardFactory() => UseKestrel(options => options.Listen(IPAddress.Loopback, 0));

    /// <summary>Where the app listens, for example <c>http://127.0.0.1:43121/</c>. Starts the app on first use.</summary>
    public Uri BaseAddress => _baseAddress ??= Start();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddTestJobs());
    }

    private Uri Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? throw new InvalidOperationException("The server reports no address.");
        return new Uri(addresses.First().TrimEnd('/') + "/");
    }
}
