using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Jobs.Dashboard.Hosting;

/// <summary>Writes a health report as JSON: the overall status and, per check, its status, description and data.</summary>
internal static class HealthResponseWriter
{
    private static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web);

    /// <summary>The <c>ResponseWriter</c> for <c>MapHealthChecks</c>.</summary>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);

        var body = new HealthBody(
            report.Status.ToString(),
            report.TotalDuration.TotalMilliseconds,
            report.Entries.ToDictionary(
                e => e.Key,
                e => new HealthEntryBody(
                    e.Value.Status.ToString(),
                    e.Value.Description,
                    e.Value.Duration.TotalMilliseconds,
                    e.Value.Data.ToDictionary(d => d.Key, d => d.Value),
                    e.Value.Tags.ToArray()),
                StringComparer.Ordinal));

        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, body, SerializerOptions, context.RequestAborted);
    }

    private sealed record HealthBody(string Status, double DurationMs, Dictionary<string, HealthEntryBody> Entries);

    private sealed record HealthEntryBody(string Status, string? Description, double DurationMs, Dictionary<string, object> Data, string[] Tags);
}
