using System.Globalization;
using ScottPlot;

namespace Jobs.Dashboard.Components.Charts;

/// <summary>What every dashboard chart shares: the font, the theme's colours, the UTC time axis and the SVG output.</summary>
/// <remarks>
/// ScottPlot's default font on Debian resolves to a serif face; DejaVu Sans is installed with the SDK image's fonts and
/// reads like the page's system-ui text. SVG (rather than PNG) keeps text crisp at any zoom and lets the browser scale
/// the chart to its card, so the SVG is given a viewBox and no fixed size.
/// </remarks>
public static class ChartPlot
{
    /// <summary>The font the charts use.</summary>
    public const string FontName = "DejaVu Sans";

    /// <summary>A plot styled for <paramref name="palette"/>, with a UTC date-time bottom axis and an optional title.</summary>
    public static Plot Create(ChartPalette palette, string? title = null, string? yLabel = null)
    {
        ArgumentNullException.ThrowIfNull(palette);
        var plot = new Plot();
        plot.Font.Set(FontName);
        // The date axis replaces the bottom axis: create it before colouring, or its ticks keep ScottPlot's black.
        var timeAxis = plot.Axes.DateTimeTicksBottom();
        if (timeAxis.TickGenerator is ScottPlot.TickGenerators.DateTimeAutomatic ticks)
        {
            ticks.LabelFormatter = TickLabel;
        }

        plot.FigureBackground.Color = Colors.Transparent;
        plot.DataBackground.Color = Colors.Transparent;
        plot.Axes.Color(palette.Text);
        plot.Grid.MajorLineColor = palette.Grid;
        plot.Legend.BackgroundColor = palette.LegendBackground;
        plot.Legend.FontColor = palette.Text;
        plot.Legend.OutlineColor = palette.Grid;
        plot.Legend.FontName = FontName;
        if (title is not null)
        {
            plot.Title(title, size: 15);
            plot.Axes.Title.Label.ForeColor = palette.Text;
            plot.Axes.Title.Label.FontName = FontName;
        }

        if (yLabel is not null)
        {
            plot.YLabel(yLabel, size: 13);
            plot.Axes.Left.Label.ForeColor = palette.Text;
            plot.Axes.Left.Label.FontName = FontName;
        }

        return plot;
    }

    /// <summary>A time tick as the dashboard writes times (UTC, year first): the date at midnight, else day and time (with seconds where ticks are that close).</summary>
    internal static string TickLabel(DateTime at) => at switch
    {
        { TimeOfDay.Ticks: 0 } => at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        { Second: 0, Millisecond: 0 } => at.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture),
        { Millisecond: 0 } => at.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
        _ => at.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture).TrimEnd('0'),
    };

    /// <summary>The time axis value of an instant (ScottPlot's date axis reads OLE automation dates; UTC throughout).</summary>
    public static double X(DateTimeOffset at) => at.UtcDateTime.ToOADate();

    /// <summary>Renders <paramref name="plot"/> at <paramref name="width"/> × <paramref name="height"/> as a scalable SVG.</summary>
    public static ChartSvg ToSvg(Plot plot, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(plot);
        var svg = plot.GetSvgXml(width, height);
        var count = plot.GetPlottables().Count();
        return new ChartSvg(Scalable(svg, width, height), count);
    }

    /// <summary>Replaces the fixed size of the root element by a viewBox so that CSS can size the chart to its card.</summary>
    internal static string Scalable(string svg, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(svg);
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        var end = start < 0 ? -1 : svg.IndexOf('>', start);
        if (end < 0)
        {
            return svg;
        }

        var root = svg[start..end];
        var rewritten = root
            .Replace(string.Create(CultureInfo.InvariantCulture, $"width=\"{width}\""), "", StringComparison.Ordinal)
            .Replace(string.Create(CultureInfo.InvariantCulture, $"height=\"{height}\""), "", StringComparison.Ordinal);
        if (!rewritten.Contains("viewBox", StringComparison.Ordinal))
        {
            rewritten += string.Create(CultureInfo.InvariantCulture, $" viewBox=\"0 0 {width} {height}\"");
        }

        return string.Concat(svg.AsSpan(0, start), rewritten, " preserveAspectRatio=\"xMidYMid meet\"", svg.AsSpan(end));
    }
}
