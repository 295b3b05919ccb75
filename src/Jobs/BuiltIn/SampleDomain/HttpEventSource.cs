using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jobs.BuiltIn.SampleDomain;

/// <summary>Fetches events from the configured HTTP source into the inbox, where the ETL validates and loads them like any file.</summary>
/// <remarks>
/// Off unless <c>BuiltInJobs:EventSource:Enabled</c> is true and a URL is set. The body (a JSON array or JSON lines)
/// is written as one inbox file, via a temporary name and a rename so the ETL never reads half a file;
/// loading stays idempotent because the ETL skips content it has loaded before.
/// </remarks>
internal sealed class HttpEventSource(
    IHttpClientFactory clients,
    IOptions<BuiltInJobsOptions> options,
    SampleDomainPaths paths,
    TimeProvider time,
    ILogger<HttpEventSource> logger)
{
    /// <summary>The name of the HttpClient, with the standard resilience handler.</summary>
    public const string ClientName = "jobs.event-source";

    /// <summary>Whether a source is configured and on.</summary>
    public bool IsEnabled => options.Value.EventSource is { Enabled: true, Url: not null };

    /// <summary>Downloads the events into the inbox. Returns the file written, or null when off or the body is empty.</summary>
    public async Task<string?> FetchAsync(CancellationToken cancellationToken)
    {
        if (!IsEnabled)
        {
            return null;
        }

        var url = options.Value.EventSource.Url!;
        using var client = clients.CreateClient(ClientName);
        using var response = await client.GetAsync(url, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        paths.EnsureFolders();
        var extension = body.TrimStart().StartsWith('[') ? ".json" : ".jsonl";
        var name = string.Create(CultureInfo.InvariantCulture, $"http-{time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}{extension}");
        var target = Path.Combine(paths.Inbox, name);
        var temporary = target + ".part";
        await File.WriteAllTextAsync(temporary, body, cancellationToken);
        File.Move(temporary, target, overwrite: true);
        logger.LogInformation("Fetched {Bytes} bytes of events from {Url} into {File}", body.Length, url, name);
        return target;
    }
}
