using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Jobs.BuiltIn.Artifacts;
using Jobs.BuiltIn.Pipeline.Rows;
using Jobs.Handlers;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace Jobs.BuiltIn.Pipeline.Ingestion;

/// <summary>How an API splits its results into pages.</summary>
public enum PaginationKind
{
    /// <summary>One request.</summary>
    None,
    /// <summary>A page number in the query (<c>pageParam</c>, from <c>startPage</c>); ends at a page shorter than <c>pageSize</c> or empty.</summary>
    Page,
    /// <summary>A cursor from each response (at <c>cursorPath</c>) sent back in <c>cursorParam</c>; ends when it is missing or empty.</summary>
    Cursor,
}

/// <summary>Pagination settings of <c>api_ingestion</c>.</summary>
public sealed record PaginationSpec
{
    public PaginationKind Type { get; init; } = PaginationKind.None;
    public string PageParam { get; init; } = "page";
    public string? SizeParam { get; init; } = "page_size";
    public int PageSize { get; init; } = 100;
    public int StartPage { get; init; } = 1;
    public string CursorParam { get; init; } = "cursor";
    public string CursorPath { get; init; } = "next_cursor";

    /// <summary>At most this many requests. Defaults to 1000.</summary>
    public int MaxPages { get; init; } = 1000;
}

/// <summary>Arguments of <c>api_ingestion</c>.</summary>
public sealed record ApiIngestionArgs : IJsonOnDeserialized
{
    /// <summary>The absolute http(s) URL.</summary>
    public Uri? Url { get; init; }

    /// <summary><c>GET</c> (default) or <c>POST</c>.</summary>
    public string Method { get; init; } = "GET";

    /// <summary>Request headers.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>The JSON body of a POST.</summary>
    public JsonElement? Body { get; init; }

    public PaginationSpec Pagination { get; init; } = new();

    /// <summary>Where the items are in a response: a dotted path to an array (<c>data.items</c>). Defaults to the response itself if it is an array, else <c>items</c> or <c>data</c>.</summary>
    public string? ItemsPath { get; init; }

    /// <summary>At most this many requests per second (retries included); none when unset.</summary>
    public double? RateLimit { get; init; }

    /// <summary>Retries of one request on 408, 429, 5xx and network errors. Defaults to 3.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>The first retry delay when the server sends no Retry-After; later ones double. Defaults to 1 second.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    void IJsonOnDeserialized.OnDeserialized()
    {
        if (Url is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new JsonException("url: an absolute http or https URL is required.");
        }

        if (!string.Equals(Method, "GET", StringComparison.OrdinalIgnoreCase) && !string.Equals(Method, "POST", StringComparison.OrdinalIgnoreCase))
        {
            throw new JsonException("method: GET or POST.");
        }

        if (RateLimit is { } rps && (double.IsNaN(rps) || rps <= 0 || rps > 10_000))
        {
            throw new JsonException("rateLimit: requests per second, more than 0 and at most 10000.");
        }

        if (MaxRetries is < 0 or > 20)
        {
            throw new JsonException("maxRetries: 0 to 20.");
        }

        if (RetryDelay < TimeSpan.Zero || RetryDelay > TimeSpan.FromMinutes(10))
        {
            throw new JsonException("retryDelay: 0 to 10 minutes.");
        }

        if (Pagination is null || !Enum.IsDefined(Pagination.Type) || Pagination.PageSize < 1 || Pagination.MaxPages < 1)
        {
            throw new JsonException("pagination: type none, page or cursor, with pageSize and maxPages of at least 1.");
        }
    }
}

/// <summary>The result of <c>api_ingestion</c>: the row set and how many requests it took.</summary>
public sealed record ApiIngestionResult
{
    public required long Rows { get; init; }
    public required IReadOnlyList<string> Columns { get; init; }
    public required string Artifact { get; init; }
    public required IReadOnlyList<OrderedDictionary<string, object?>> Preview { get; init; }
    public required int Pages { get; init; }
}

/// <summary>The <c>api_ingestion</c> block: pages through an HTTP JSON API into a row set, rate-limited, retrying 429 and 5xx with Retry-After honoured.</summary>
/// <remarks>
/// Retries come from Microsoft.Extensions.Http.Resilience (its retry strategy reads Retry-After). The rate limit
/// spaces every request start, retries included, at least 1/rate apart, on the injected clock.
/// </remarks>
internal sealed class ApiIngestionJob(IHttpClientFactory clients, ArtifactStore artifacts, TimeProvider time) : IJobHandler<ApiIngestionArgs, ApiIngestionResult>
{
    public const string TypeName = "api_ingestion";

    /// <summary>The HttpClient name (configure proxies or certificates on it).</summary>
    public const string ClientName = "jobs.api_ingestion";

    public async Task<ApiIngestionResult> HandleAsync(ApiIngestionArgs args, IJobContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;
        var limiter = new RequestPacer(args.RateLimit, time);
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, args.MaxRetries),
                ShouldHandle = args.MaxRetries == 0 ? static _ => ValueTask.FromResult(false) : new HttpRetryStrategyOptions().ShouldHandle,
                Delay = args.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                ShouldRetryAfterHeader = true,
                OnRetry = a =>
                {
                    context.Logger.LogWarning("Request failed ({Outcome}); retry {Attempt} in {Delay}",
                        a.Outcome.Result is { } r ? ((int)r.StatusCode).ToString(CultureInfo.InvariantCulture) : a.Outcome.Exception?.GetType().Name, a.AttemptNumber + 1, a.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        using var http = clients.CreateClient(ClientName);

        var pages = 0;
        var page = args.Pagination.StartPage;
        string? cursor = null;
        RowSetResult rows;
        await using (var writer = RowSetWriter.Create(artifacts, context.JobId, "rows.jsonl"))
        {
            while (pages < args.Pagination.MaxPages)
            {
                var url = PageUrl(args, page, cursor);
                using var response = await pipeline.ExecuteAsync(async token =>
                {
                    await limiter.WaitAsync(token);
                    using var request = new HttpRequestMessage(new HttpMethod(args.Method.ToUpperInvariant()), url);
                    foreach (var (name, value) in args.Headers ?? new Dictionary<string, string>())
                    {
                        request.Headers.TryAddWithoutValidation(name, value);
                    }

                    if (args.Body is { } body && request.Method == HttpMethod.Post)
                    {
                        request.Content = JsonContent.Create(body);
                    }

                    try
                    {
                        return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token);
                    }
                    finally
                    {
                        limiter.Completed();
                    }
                }, ct);
                pages++;
                if (!response.IsSuccessStatusCode)
                {
                    var text = await response.Content.ReadAsStringAsync(ct);
                    var code = (int)response.StatusCode;
                    var excerpt = text.Length > 200 ? text[..200] : text;
                    if (code is >= 400 and < 500 and not 408 and not 429)
                    {
                        // The request itself is wrong (404, 401, 400...): the same request will fail the same way.
                        throw new ApiResponseException(response.StatusCode, string.Create(CultureInfo.InvariantCulture,
                            $"{args.Method.ToUpperInvariant()} {url} answered {code} {response.ReasonPhrase}: {excerpt}"));
                    }

                    throw new HttpRequestException(
                        string.Create(CultureInfo.InvariantCulture, $"{args.Method.ToUpperInvariant()} {url} answered {code} {response.ReasonPhrase} (after retries): {excerpt}"),
                        null, response.StatusCode);
                }

                using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
                var items = FindItems(doc.RootElement, args.ItemsPath)
                    ?? throw new PipelineInputException($"The response of {url} has no array of items{(args.ItemsPath is null ? " (set itemsPath)" : $" at '{args.ItemsPath}'")}.");
                var count = 0;
                foreach (var item in items.EnumerateArray())
                {
                    count++;
                    await writer.WriteAsync(item.ValueKind == JsonValueKind.Object ? RowJson.ToRow(item) : new OrderedDictionary<string, object?> { ["value"] = RowJson.ToValue(item) }, ct);
                }

                context.ReportProgress(Math.Min(0.99, (double)pages / args.Pagination.MaxPages), string.Create(CultureInfo.InvariantCulture, $"Page {pages}: {writer.Count} rows"), writer.Count);
                var more = args.Pagination.Type switch
                {
                    PaginationKind.Page => count >= args.Pagination.PageSize,
                    PaginationKind.Cursor => (cursor = Lookup(doc.RootElement, args.Pagination.CursorPath) is { ValueKind: JsonValueKind.String or JsonValueKind.Number } c ? RowJson.Display(RowJson.ToValue(c)) : null) is { Length: > 0 },
                    _ => false,
                };
                if (!more)
                {
                    break;
                }

                page++;
            }

            rows = writer.ToResult();
        }

        context.Logger.LogInformation("Read {Rows} rows in {Pages} page(s) from {Url}", rows.Rows, pages, args.Url);
        context.ReportProgress(1, string.Create(CultureInfo.InvariantCulture, $"{rows.Rows} rows in {pages} page(s)"), rows.Rows, rows.Rows);
        return new ApiIngestionResult { Rows = rows.Rows, Columns = rows.Columns, Artifact = rows.Artifact, Preview = rows.Preview, Pages = pages };
    }

    private static Uri PageUrl(ApiIngestionArgs args, int page, string? cursor)
    {
        var p = args.Pagination;
        var query = new List<string>();
        switch (p.Type)
        {
            case PaginationKind.Page:
                query.Add($"{Uri.EscapeDataString(p.PageParam)}={page.ToString(CultureInfo.InvariantCulture)}");
                if (!string.IsNullOrEmpty(p.SizeParam))
                {
                    query.Add($"{Uri.EscapeDataString(p.SizeParam)}={p.PageSize.ToString(CultureInfo.InvariantCulture)}");
                }

                break;
            case PaginationKind.Cursor when cursor is not null:
                query.Add($"{Uri.EscapeDataString(p.CursorParam)}={Uri.EscapeDataString(cursor)}");
                break;
        }

        if (query.Count == 0)
        {
            return args.Url!;
        }

        var builder = new UriBuilder(args.Url!);
        var existing = builder.Query.TrimStart('?');
        builder.Query = string.Join('&', (existing.Length > 0 ? [existing] : Array.Empty<string>()).Concat(query));
        return builder.Uri;
    }

    private static JsonElement? FindItems(JsonElement root, string? path)
    {
        if (path is not null)
        {
            return Lookup(root, path) is { ValueKind: JsonValueKind.Array } found ? found : null;
        }

        if (root.ValueKind == JsonValueKind.Array)
        {
            return root;
        }

        foreach (var name in new[] { "items", "data", "results" })
        {
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Array)
            {
                return e;
            }
        }

        return null;
    }

    private static JsonElement? Lookup(JsonElement root, string path)
    {
        var current = root;
        foreach (var part in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current))
            {
                return null;
            }
        }

        return current;
    }
}
