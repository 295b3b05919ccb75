using System.Net;

namespace Jobs.Dashboard.Tests.Infrastructure;

/// <summary>The real app (Program) on a real Kestrel port, with sign-in on, so requests have real remote addresses.</summary>
/// <remarks>Call <see cref="Start"/> before use; <see cref="BaseAddress"/> is where it listens.</remarks>
public class SignedInKestrelFactory : DashboardFactory
{
    private readonly IPAddress _listenOn;

    public SignedInKestrelFactory() : this(IPAddress.Loopback)
    {
    }

    public SignedInKestrelFactory(IPAddress listenOn)
    {
        _listenOn = listenOn;
        UseKestrel(o => o.Listen(_listenOn, 0));
    }

    /// <summary>Where the app listens (a loopback URL when it listens on all addresses).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Auth:Enabled", "true"), .. ExtraSettings];

    /// <summary>Settings added by subclasses on top of sign-in being on.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> ExtraSettings => [];

    /// <summary>Starts the server and returns itself.</summary>
    public SignedInKestrelFactory Start()
    {
        StartServer();
        using var client = CreateClient();
        var address = client.BaseAddress!;
        BaseAddress = address.Host is "0.0.0.0" or "[::]" ? new UriBuilder(address) { Host = "127.0.0.1" }.Uri : address;
        return this;
    }
}
