using System.Globalization;
using System.Net;
using System.Text;

namespace Jobs.BuiltIn.Pipeline.Analysis;

/// <summary>The chart kinds a report can draw.</summary>
public enum ChartKind
{
    Bar,
    Line,
}

/// <summary>Draws a bar or line chart as inline SVG: no image library, no fonts to install, readable in any browser.</summary>
internal static class SvgChart
{
    private const int Width = 720;
    private const int Height = 360;
    private const int Left = 64;
    private const int Right = 16;
    private const int Top = 24;
    private const int Bottom = 72;

    public static string Render(ChartKind kind, IReadOnlyList<(string Label, double Value)> points, string yLabel)
    {
        ArgumentNullException.ThrowIfNull(points);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"11\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{WebUtility.HtmlEncode(yLabel)}</title>");
        if (points.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\">No data</text></svg>");
            return svg.ToString();
        }

        var min = Math.Min(0, points.Min(p => p.Value));
        var max = Math.Max(0, points.Max(p => p.Value));
        if (max == min)
        {
            max = min + 1;
        }

        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        double Y(double v) => Top + (plotH * (max - v) / (max - min));
        var step = (double)plotW / points.Count;

        // Axes and five gridlines with their values.
        for (var i = 0; i <= 4; i++)
        {
            var v = min + ((max - min) * i / 4);
            var y = Y(v);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{y:0.##}\" x2=\"{Width - Right}\" y2=\"{y:0.##}\" stroke=\"#e0e0e0\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y + 4:0.##}\" text-anchor=\"end\">{v:G4}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Top + plotH}\" stroke=\"#333\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Y(0):0.##}\" x2=\"{Width - Right}\" y2=\"{Y(0):0.##}\" stroke=\"#333\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate(14 {Top + (plotH / 2)}) rotate(-90)\" text-anchor=\"middle\">{WebUtility.HtmlEncode(yLabel)}</text>");

        var labelEvery = Math.Max(1, (int)Math.Ceiling(points.Count / 24.0));
        var path = new StringBuilder();
        for (var i = 0; i < points.Count; i++)
        {
            var (label, value) = points[i];
            var cx = Left + (step * (i + 0.5));
            if (kind == ChartKind.Bar)
            {
                var top = Y(Math.Max(0, value));
                var h = Math.Abs(Y(value) - Y(0));
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{cx - (step * 0.35):0.##}\" y=\"{top:0.##}\" width=\"{step * 0.7:0.##}\" height=\"{h:0.##}\" fill=\"#3f6fb5\"><title>{WebUtility.HtmlEncode(label)}: {value:G6}</title></rect>");
            }
            else
            {
                path.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? 'M' : 'L')}{cx:0.##},{Y(value):0.##} ");
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{cx:0.##}\" cy=\"{Y(value):0.##}\" r=\"3\" fill=\"#3f6fb5\"><title>{WebUtility.HtmlEncode(label)}: {value:G6}</title></circle>");
            }

            if (i % labelEvery == 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate({cx:0.##} {Top + plotH + 12}) rotate(35)\">{WebUtility.HtmlEncode(label.Length > 16 ? label[..16] : label)}</text>");
            }
        }

        if (kind == ChartKind.Line)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{path.ToString().TrimEnd()}\" fill=\"none\" stroke=\"#3f6fb5\" stroke-width=\"2\"/>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }
}
