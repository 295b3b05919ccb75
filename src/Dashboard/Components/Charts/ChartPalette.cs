using Jobs.Anomalies;
using ScottPlot;

namespace Jobs.Dashboard.Components.Charts;

/// <summary>The colours a chart is drawn in, one set per dashboard theme.</summary>
/// <remarks>
/// Charts are SVG images drawn on the server, so they can't follow the page's CSS: the page hands the palette of its
/// current theme to the renderer and re-renders when the theme changes. Backgrounds are transparent so the chart sits on
/// the card's own surface colour; text and series colours are picked for contrast against the light or dark surface.
/// </remarks>
/// <param name="Name">"light" or "dark" (written on the chart's element for tests and styling).</param>
/// <param name="Text">Axis labels, ticks, titles and legend text.</param>
/// <param name="Grid">Major grid lines.</param>
/// <param name="LegendBackground">The legend box.</param>
/// <param name="Series">Colours of successive series.</param>
/// <param name="Good">Things that went well (succeeded jobs).</param>
/// <param name="Bad">Things that went wrong (failed jobs).</param>
/// <param name="Band">The expected band's fill.</param>
/// <param name="Severities">Marker colours of anomalies, indexed by <see cref="AnomalySeverity"/>.</param>
public sealed record ChartPalette(
    string Name,
    Color Text,
    Color Grid,
    Color LegendBackground,
    IReadOnlyList<Color> Series,
    Color Good,
    Color Bad,
    Color Band,
    IReadOnlyList<Color> Severities)
{
    /// <summary>For the light theme (white cards, dark grey text).</summary>
    public static ChartPalette Light { get; } = new(
        "light",
        Color.FromHex("#37474f"),
        Color.FromHex("#000000").WithAlpha(0.10),
        Color.FromHex("#ffffff").WithAlpha(0.85),
        [Color.FromHex("#3949ab"), Color.FromHex("#00897b"), Color.FromHex("#ef6c00"), Color.FromHex("#8e24aa"), Color.FromHex("#6d4c41")],
        Color.FromHex("#2e7d32"),
        Color.FromHex("#c62828"),
        Color.FromHex("#3949ab").WithAlpha(0.15),
        [Color.FromHex("#f9a825"), Color.FromHex("#ef6c00"), Color.FromHex("#d32f2f"), Color.FromHex("#6a1b9a")]);

    /// <summary>For the dark theme (dark grey cards, light text): lighter, less saturated colours that keep their contrast.</summary>
    public static ChartPalette Dark { get; } = new(
        "dark",
        Color.FromHex("#e0e0e8"),
        Color.FromHex("#ffffff").WithAlpha(0.14),
        Color.FromHex("#2b2b36").WithAlpha(0.90),
        [Color.FromHex("#8c9eff"), Color.FromHex("#4dd0e1"), Color.FromHex("#ffb74d"), Color.FromHex("#e1a0f0"), Color.FromHex("#bcaaa4")],
        Color.FromHex("#81c784"),
        Color.FromHex("#ff7070"),
        Color.FromHex("#8c9eff").WithAlpha(0.22),
        [Color.FromHex("#fff176"), Color.FromHex("#ffb74d"), Color.FromHex("#ff6e6e"), Color.FromHex("#ea80fc")]);

    /// <summary>The palette of the theme in use.</summary>
    public static ChartPalette For(bool dark) => dark ? Dark : Light;

    /// <summary>The colour of the <paramref name="index"/>th series (cycling).</summary>
    public Color SeriesColor(int index) => Series[index % Series.Count];

    /// <summary>The marker colour of a severity.</summary>
    public Color SeverityColor(AnomalySeverity severity) => Severities[Math.Clamp((int)severity, 0, Severities.Count - 1)];
}
