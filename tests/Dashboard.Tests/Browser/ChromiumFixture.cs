using Microsoft.Playwright;

namespace Jobs.Dashboard.Tests.Browser;

/// <summary>One app on Kestrel and one headless Chromium (Debian's, at <c>/usr/bin/chromium</c>) shared by a test class.</summary>
/// <remarks>Playwright's bundled driver talks to the machine's Chromium: no browser is downloaded.</remarks>
/// <typeparam name="TApp">The app factory: with sign-in off or on.</typeparam>
public abstract class ChromiumFixture<TApp> : IAsyncLifetime
    where TApp : IAsyncDisposable
{
    /// <summary>Debian's Chromium.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    // Without the networking flags Chromium keeps trying to reach Google services on this closed network.
    internal static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private IPlaywright? _playwright;

    protected ChromiumFixture(TApp app) => App = app;

    /// <summary>The real app the browser talks to.</summary>
    public TApp App { get; }

    public IBrowser Browser { get; private set; } = default!;

    /// <summary>Where the app listens; reading it starts the app.</summary>
    protected abstract Uri BaseAddress { get; }

    public async ValueTask InitializeAsync()
    {
        _ = BaseAddress;
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A fresh browser context (own cookies, so its own sign-in) with a page of desktop size.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await App.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
