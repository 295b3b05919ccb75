using Jobs.Dashboard.Tests.Infrastructure;

namespace Jobs.Dashboard.Tests.Browser;

/// <summary>The app with sign-in off (the test-only job types registered) and one headless Chromium.</summary>
public sealed class BrowserFixture() : ChromiumFixture<KestrelDashboardFactory>(new KestrelDashboardFactory())
{
    /// <summary>Where screenshots go: TestResults/screenshots at the repository root (not committed).</summary>
    public static string ScreenshotDirectory { get; } = Directory.CreateDirectory(Path.Combine(RepositoryPaths.Root, "TestResults", "screenshots")).FullName;

    protected override Uri BaseAddress => App.BaseAddress;
}
