using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Jobs.BuiltIn.Artifacts;
using Jobs.BuiltIn.Pipeline.Rows;
using Jobs.Handlers;

namespace Jobs.BuiltIn.Pipeline.Analysis;

/// <summary>What a report charts: one label column against one numeric column.</summary>
public sealed record ChartSpec
{
    public ChartKind Type { get; init; } = ChartKind.Bar;

    /// <summary>The column whose values label the bars or points.</summary>
    public string X { get; init; } = "";

    /// <summary>The numeric column charted.</summary>
    public string Y { get; init; } = "";
}

/// <summary>Arguments of <c>report_generation</c>.</summary>
public sealed record ReportGenerationArgs : IJsonOnDeserialized
{
    public InputSource? Input { get; init; }

    /// <summary>The report's title. Defaults to "Report".</summary>
    public string Title { get; init; } = "Report";

    /// <summary>The chart; leave it out for a table only.</summary>
    public ChartSpec? Chart { get; init; }

    /// <summary>How many rows the table shows (the chart uses up to 500). Defaults to 100.</summary>
    public int MaxRows { get; init; } = 100;

    void IJsonOnDeserialized.OnDeserialized()
    {
        InputSource.Required(Input);
        if (string.IsNullOrWhiteSpace(Title) || Title.Length > 200)
        {
            throw new JsonException("title: 1 to 200 characters.");
        }

        if (Chart is { } chart && (string.IsNullOrWhiteSpace(chart.X) || string.IsNullOrWhiteSpace(chart.Y) || !Enum.IsDefined(chart.Type)))
        {
            throw new JsonException("chart: needs type (bar or line), x (label column) and y (numeric column).");
        }

        if (MaxRows is < 1 or > 10_000)
        {
            throw new JsonException("maxRows: 1 to 10000.");
        }
    }
}

/// <summary>The result of <c>report_generation</c>: where the HTML report is and what it shows.</summary>
public sealed record ReportResult(string Artifact, string Title, long Rows, int ChartPoints, long Bytes);

/// <summary>The <c>report_generation</c> block: an HTML report with an inline SVG chart and a table, stored as the job's artifact <c>report.html</c>.</summary>
internal sealed class ReportGenerationJob(InputResolver inputs, ArtifactStore artifacts, TimeProvider time) : IJobHandler<ReportGenerationArgs, ReportResult>
{
    public const string TypeName = "report_generation";
    private const int MaxChartPoints = 500;

    public async Task<ReportResult> HandleAsync(ReportGenerationArgs args, IJobContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var input = await inputs.ResolveAsync(args.Input!, context);
        var progress = new RowProgress(context, input.Count, "Read");
        var table = new List<OrderedDictionary<string, object?>>();
        var columns = new List<string>();
        var points = new List<(string, double)>();
        await foreach (var row in input.Rows.WithCancellation(context.CancellationToken))
        {
            progress.Step();
            foreach (var key in row.Keys.Where(k => !columns.Contains(k)))
            {
                columns.Add(key);
            }

            if (table.Count < args.MaxRows)
            {
                table.Add(row);
            }

            if (args.Chart is { } chart && points.Count < MaxChartPoints && row.TryGetValue(chart.Y, out var y) && ValueConverter.TryGetNumber(y, out var value))
            {
                points.Add((RowJson.Display(row.GetValueOrDefault(chart.X)), value));
            }
        }

        if (args.Chart is { } c && progress.Done > 0 && points.Count == 0)
        {
            throw new PipelineInputException($"chart: no row has a number in column '{c.Y}' (columns: {string.Join(", ", columns)}).");
        }

        var html = Render(args, input.Description, progress.Done, columns, table, points);
        var path = Path.Combine(artifacts.CreateJobDirectory(context.JobId), "report.html");
        await File.WriteAllTextAsync(path, html, Encoding.UTF8, context.CancellationToken);
        context.ReportProgress(1, "Report written", progress.Done, progress.Done);
        return new ReportResult(artifacts.RelativePath(path), args.Title, progress.Done, points.Count, new FileInfo(path).Length);
    }

    private string Render(ReportGenerationArgs args, string source, long rows, List<string> columns, List<OrderedDictionary<string, object?>> table, List<(string, double)> points)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(args.Title)).Append("</title>");
        html.Append("<style>body{font-family:'DejaVu Sans',sans-serif;margin:2rem;color:#222}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}th{background:#f3f3f3}.meta{color:#666}</style></head><body>");
        html.Append("<h1>").Append(E(args.Title)).Append("</h1>");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">{rows} rows from {E(source)}; generated {time.GetUtcNow():yyyy-MM-dd HH:mm:ss} UTC.</p>");
        if (args.Chart is { } chart)
        {
            html.Append("<h2>").Append(E($"{chart.Y} by {chart.X}")).Append("</h2>");
            html.Append(SvgChart.Render(chart.Type, points, chart.Y));
        }

        html.Append(CultureInfo.InvariantCulture, $"<h2>Data</h2><p class=\"meta\">First {table.Count} of {rows} rows.</p><table><thead><tr>");
        foreach (var column in columns)
        {
            html.Append("<th>").Append(E(column)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in table)
        {
            html.Append("<tr>");
            foreach (var column in columns)
            {
                html.Append("<td>").Append(E(row.TryGetValue(column, out var v) && v is not null ? RowJson.Display(v) : "")).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table></body></html>");
        return html.ToString();
    }
}
