using MudBlazor;

namespace Jobs.Dashboard.Components.Layout;

/// <summary>The dashboard's colours and type, light and dark.</summary>
/// <remarks>System fonts only: the dashboard runs offline, so no web fonts are fetched.</remarks>
internal static class DashboardTheme
{
    private static readonly string[] FontStack = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"];

    /// <summary>The theme handed to <c>MudThemeProvider</c>.</summary>
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3949ab",
            AppbarBackground = "#3949ab",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8c9eff",
            AppbarBackground = "#1e1e2d",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = FontStack },
        },
    };
}
