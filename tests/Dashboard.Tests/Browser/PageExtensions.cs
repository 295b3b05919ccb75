using Microsoft.Playwright;

namespace Jobs.Dashboard.Tests.Browser;

/// <summary>Steps every browser test takes.</summary>
internal static class PageExtensions
{
    /// <summary>Opens <paramref name="path"/> and waits until the Blazor circuit is interactive (clicks before it would hit prerendered HTML).</summary>
    public static async Task OpenAsync(this IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.WaitForInteractiveAsync();
    }

    /// <summary>Waits for the layout's marker that the circuit is interactive.</summary>
    public static Task WaitForInteractiveAsync(this IPage page) =>
        page.Locator("#dashboard-interactive[data-interactive='true']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    /// <summary>Saves a full-page screenshot under TestResults/screenshots.</summary>
    public static Task ScreenshotAsync(this IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, name + ".png"), FullPage = true });

    /// <summary>Picks <paramref name="item"/> in the MudSelect whose input has id <paramref name="selectId"/>.</summary>
    public static async Task SelectAsync(this IPage page, string selectId, string item)
    {
        await page.Locator($".mud-input-control.mud-select:has(#{selectId})").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").GetByText(item, new LocatorGetByTextOptions { Exact = true }).ClickAsync();

        // Until the list has closed and the choice reached the server, a click elsewhere only closes the list.
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator($"#{selectId}")).ToHaveValueAsync(item);
    }
}
