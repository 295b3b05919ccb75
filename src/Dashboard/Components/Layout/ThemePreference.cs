using Microsoft.JSInterop;

namespace Jobs.Dashboard.Components.Layout;

/// <summary>The visitor's light/dark choice, kept in a cookie so that it survives reloads and the first paint already uses it.</summary>
internal static class ThemePreference
{
    /// <summary>The cookie's name.</summary>
    public const string CookieName = "jobs-theme";

    /// <summary>Whether the request carries the dark choice.</summary>
    public static bool IsDark(HttpContext? context) =>
        context?.Request.Cookies.TryGetValue(CookieName, out var value) == true && value == "dark";

    /// <summary>Stores the choice in the browser (wwwroot-assets/js/dashboard.js).</summary>
    public static ValueTask SaveAsync(IJSRuntime js, bool dark)
    {
        ArgumentNullException.ThrowIfNull(js);
        return js.InvokeVoidAsync("jobsDashboard.saveTheme", dark ? "dark" : "light");
    }
}
