using System.Globalization;
using System.Net;
using System.Text;
using Jobs.Client;
using Jobs.Handlers;
using Jobs.Model;

namespace Jobs.Dashboard.Home;

/// <summary>A plain HTML home page: job counts by state and the registered job types.</summary>
/// <remarks>A stand-in until the Blazor dashboard arrives; it renders on the server with no scripts.</remarks>
internal static class HomePage
{
    /// <summary>The product name shown in the page title.</summary>
    public const string ProductName = "Jobs";

    /// <summary>Maps <c>GET /</c>.</summary>
    public static IEndpointRouteBuilder MapHomePage(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/", RenderAsync).WithName("Home").ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> RenderAsync(IJobQueries queries, IEnumerable<JobTypeDescriptor> jobTypes, CancellationToken cancellationToken)
    {
        var counts = await queries.CountByStateAsync(cancellationToken);
        return Results.Content(Render(counts, jobTypes), "text/html; charset=utf-8");
    }

    /// <summary>The page's HTML for the given counts and job types.</summary>
    public static string Render(IReadOnlyDictionary<JobState, long> counts, IEnumerable<JobTypeDescriptor> jobTypes)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(jobTypes);

        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{ProductName}}</title>
            <link rel="icon" href="/favicon.svg" type="image/svg+xml">
            <link rel="alternate icon" href="/favicon.ico">
            <style>
            body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
            table { border-collapse: collapse; }
            th, td { padding: .25rem .75rem; border-bottom: 1px solid #ddd; text-align: left; }
            td.count { text-align: right; font-variant-numeric: tabular-nums; }
            </style>
            </head>
            <body>
            <h1>{{ProductName}}</h1>
            <p>Self-hosted background jobs for .NET.</p>
            <h2>Jobs by state</h2>
            <table id="counts">
            <thead><tr><th>State</th><th>Jobs</th></tr></thead>
            <tbody>

            """);

        long total = 0;
        foreach (var state in Enum.GetValues<JobState>())
        {
            var count = counts.GetValueOrDefault(state);
            total += count;
            html.Append(CultureInfo.InvariantCulture, $"<tr data-state=\"{state}\"><td>{state}</td><td class=\"count\">{count}</td></tr>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"""
            </tbody>
            <tfoot><tr data-state="Total"><th>Total</th><td class="count">{total}</td></tr></tfoot>
            </table>
            <h2>Job types</h2>
            <ul id="job-types">

            """);

        foreach (var type in jobTypes.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            html.Append(CultureInfo.InvariantCulture, $"<li><code>{WebUtility.HtmlEncode(type.Name)}</code></li>\n");
        }

        html.Append("""
            </ul>
            <p>Health: <a href="/health/ready">/health/ready</a> · <a href="/health/live">/health/live</a></p>
            </body>
            </html>

            """);
        return html.ToString();
    }
}
