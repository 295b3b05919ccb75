using System.Collections.Concurrent;
using System.Globalization;
using Jobs.BuiltIn.Pipeline.Ingestion;
using Jobs.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Jobs.Tests.BuiltIn;

/// <summary>A real Kestrel endpoint serving pages of items, recording when each request arrived.</summary>
internal sealed class PagedApi : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PagedApi(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }
    public ConcurrentQueue<(string Query, long Timestamp)> Requests { get; } = new();

    /// <summary>Given the 1-based request number, returns a status (and optional Retry-After seconds) to answer with instead of the page.</summary>
    public Func<int, (int Status, int? RetryAfter)?> Fault { get; set; } = _ => null;

    public static async Task<PagedApi> StartAsync(int items)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        PagedApi? api = null;
        app.MapGet("/items", (HttpContext http, int page, int page_size) =>
        {
            var n = api!.Record(http);
            if (api.Fault(n) is { } fault)
            {
                if (fault.RetryAfter is { } seconds)
                {
                    http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                }

                return Results.Text("boom", statusCode: fault.Status);
            }

            var start = (page - 1) * page_size;
            return Results.Json(new { items = Enumerable.Range(start + 1, Math.Max(0, Math.Min(page_size, items - start))).Select(i => new { id = i, name = $"item{i}" }) });
        });
        app.MapGet("/cursor", (HttpContext http, string? cursor) =>
        {
            api!.Record(http);
            var at = cursor is null ? 0 : int.Parse(cursor, CultureInfo.InvariantCulture);
            var next = at + 2 < items ? (at + 2).ToString(CultureInfo.InvariantCulture) : null;
            return Results.Json(new { data = new { rows = Enumerable.Range(at + 1, Math.Min(2, items - at)).Select(i => new { id = i }) }, meta = new { next } });
        });
        app.MapPost("/search", async (HttpContext http) =>
        {
            api!.Record(http);
            using var body = await System.Text.Json.JsonDocument.ParseAsync(http.Request.Body);
            var term = body.RootElement.GetProperty("term").GetString();
            return Results.Json(new[] { new { term, hits = items } });
        });
        app.MapGet("/events", (HttpContext http) =>
        {
            api!.Record(http);
            return Results.Text(
                "{\"time\":\"2026-01-01T01:00:00Z\",\"region\":\"north\",\"level\":2,\"category\":\"protest\",\"value\":7}\n" +
                "{\"time\":\"2026-01-01T02:00:00Z\",\"region\":\"south\",\"level\":1,\"category\":\"outage\",\"value\":3}\n",
                "application/x-ndjson");
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        api = new PagedApi(app, new Uri(app.Urls.First()));
        return api;
    }

    private int Record(HttpContext http)
    {
        Requests.Enqueue((http.Request.QueryString.Value ?? "", TimeProvider.System.GetTimestamp()));
        return Requests.Count;
    }

    public TimeSpan[] Gaps()
    {
        var times = Requests.Select(r => r.Timestamp).ToArray();
        return [.. times.Zip(times.Skip(1), (a, b) => TimeProvider.System.GetElapsedTime(a, b))];
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}

public sealed class ApiIngestionTests
{
    [Fact]
    public async Task PagesThroughAllItems_AtNoMoreThanTheRateLimit()
    {
        await using var api = await PagedApi.StartAsync(items: 10);
        await using var engine = await BuiltInEngine.StartAsync(TimeProvider.System);
        var job = await engine.RunAsync("api_ingestion", new
        {
            url = new Uri(api.Address, "/items"),
            pagination = new { type = "page", pageSize = 2 },
            rateLimit = 5,
        });
        var result = BuiltInEngine.Result<ApiIngestionResult>(job);
        Assert.Equal((10L, 6), (result.Rows, result.Pages));
        Assert.Equal(["?page=1&page_size=2", "?page=2&page_size=2", "?page=3&page_size=2", "?page=4&page_size=2", "?page=5&page_size=2", "?page=6&page_size=2"], api.Requests.Select(r => r.Query));
        var lines = engine.ReadArtifactLines(result.Artifact);
        Assert.Equal(10, lines.Length);
        Assert.Equal("""{"id":1,"name":"item1"}""", lines[0]);
        Assert.Equal("""{"id":10,"name":"item10"}""", lines[^1]);

        // 5 requests per second: request starts at least 200 ms apart (a little slack for when Kestrel sees them).
        var gaps = api.Gaps();
        Assert.All(gaps, g => Assert.True(g >= TimeSpan.FromMilliseconds(190), $"requests only {g.TotalMilliseconds} ms apart"));
        Assert.True(gaps.Aggregate(TimeSpan.Zero, (a, b) => a + b) >= TimeSpan.FromMilliseconds(980));
    }

    [Fact]
    public async Task FollowsACursor_AtADottedItemsPath()
    {
        await using var api = await PagedApi.StartAsync(items: 5);
        await using var engine = await BuiltInEngine.StartAsync(TimeProvider.System);
        var result = BuiltInEngine.Result<ApiIngestionResult>(await engine.RunAsync("api_ingestion", new
        {
            url = new Uri(api.Address, "/cursor"),
            itemsPath = "data.rows",
            pagination = new { type = "cursor", cursorParam = "cursor", cursorPath = "meta.next" },
        }));
        Assert.Equal((5L, 3), (result.Rows, result.Pages));
        Assert.Equal(["", "?cursor=2", "?cursor=4"], api.Requests.Select(r => r.Query));
        Assert.Equal(["""{"id":1}""", """{"id":2}""", """{"id":3}""", """{"id":4}""", """{"id":5}"""], engine.ReadArtifactLines(result.Artifact));
    }

    [Fact]
    public async Task RetriesAServerError_ThenSucceeds()
    {
        await using var api = await PagedApi.StartAsync(items: 3);
        api.Fault = n => n == 1 ? (500, null) : null;
        await using var engine = await BuiltInEngine.StartAsync(TimeProvider.System);
        var job = await engine.RunAsync("api_ingestion", new { url = new Uri(api.Address, "/items?page=1&page_size=10"), retryDelay = "00:00:00.100" });
        var result = BuiltInEngine.Result<ApiIngestionResult>(job);
        Assert.Equal(3, result.Rows);
        Assert.Equal(2, api.Requests.Count);
        Assert.Equal(1, job.Summary.Attempt);
        Assert.Contains(job.Logs, l => l.Message.StartsWith("Request failed (500); retry 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HonoursRetryAfter_OnA429()
    {
        await using var api = await PagedApi.StartAsync(items: 3);
        api.Fault = n => n == 1 ? (429, 1) : null;
        await using var engine = await BuiltInEngine.StartAsync(TimeProvider.System);
        // No back-off of its own: the wait comes from the server's Retry-After: 1.
        var job = await engine.RunAsync("api_ingestion", new { url = new Uri(api.Address, "/items?page=1&page_size=10"), retryDelay = "00:00:00" });
        Assert.Equal(3, BuiltInEngine.Result<ApiIngestionResult>(job).Rows);
        var gap = Assert.Single(api.Gaps());
        Assert.True(gap >= TimeSpan.FromMilliseconds(950), $"retried after {gap.TotalMilliseconds} ms, before Retry-After");
    }

    [Fact]
    public async Task FailsWithTheStatus_WhenErrorsOutlastTheRetries()
    {
        await using var api = await PagedApi.StartAsync(items: 3);
        api.Fault = _ => (503, null);
        await using var engine = await BuiltInEngine.StartAsync(TimeProvider.System);
        var url = new Uri(api.Address, "/items?page=1&page_size=10");
        var job = await engine.RunAsync("api_ingestion", new { url, maxRetries = 2, retryDelay = "00:00:00.050" });
        Assert.Equal(JobState.DeadLettered, job.Summary.State);
        Assert.Equal("System.Net.Http.HttpRequestException", job.Summary.LastErrorType);
        Assert.Equal($"GET {url} answered 503 Service Unavailable (after retries): boom", job.Summary.LastErrorMessage);
        Assert.Equal(3, api.Requests.Count);
        Assert.True(job.Attempts[0].Error!.Transient);
    }

    [Fact]
    public async Task FailsPermanently_OnAClientError_WithoutRetrying()
    {
        await using var api = await PagedApi.StartAsync(items: 3);
        api.Fault = _ => (404, null);
        await using var engine = await BuiltInEngine.StartAsync(TimeProvider.System);
        var url = new Uri(api.Address, "/items?page=1&page_size=10");
        var job = await engine.RunAsync("api_ingestion", new { url }, r => r with { MaxRetries = 3 });
        Assert.Equal(JobState.DeadLettered, job.Summary.State);
        Assert.Equal(1, job.Summary.Attempt);
        Assert.Equal("Jobs.BuiltIn.Pipeline.Ingestion.ApiResponseException", job.Summary.LastErrorType);
        Assert.Equal($"GET {url} answered 404 Not Found: boom", job.Summary.LastErrorMessage);
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task PostsAJsonBodyWithHeaders()
    {
        await using var api = await PagedApi.StartAsync(items: 7);
        await using var engine = await BuiltInEngine.StartAsync(TimeProvider.System);
        var result = BuiltInEngine.Result<ApiIngestionResult>(await engine.RunAsync("api_ingestion", new
        {
            url = new Uri(api.Address, "/search"),
            method = "POST",
            headers = new Dictionary<string, string> { ["X-Trace"] = "t1" },
            body = new { term = "flood" },
        }));
        Assert.Equal(["""{"term":"flood","hits":7}"""], engine.ReadArtifactLines(result.Artifact));
    }

    [Fact]
    public async Task Etl_FetchesTheConfiguredHttpEventSource_IntoTheInbox_AndLoadsIt()
    {
        await using var api = await PagedApi.StartAsync(items: 0);
        await using var engine = await BuiltInEngine.StartAsync(settings: new()
        {
            ["BuiltInJobs:EventSource:Enabled"] = "true",
            ["BuiltInJobs:EventSource:Url"] = new Uri(api.Address, "/events").ToString(),
        });
        var result = BuiltInEngine.Result<Jobs.BuiltIn.SampleDomain.EtlResult>(await engine.RunAsync("etl"));
        Assert.Equal(["http-20260101T090000Z.jsonl loaded 2"], result.Files.Select(f => $"{f.File} {f.Status} {f.Events}"));

        // The source serves the same events again: same content, loaded once.
        var again = BuiltInEngine.Result<Jobs.BuiltIn.SampleDomain.EtlResult>(await engine.RunAsync("etl"));
        Assert.Equal(["http-20260101T090000Z.jsonl duplicate 0"], again.Files.Select(f => $"{f.File} {f.Status} {f.Events}"));
        Assert.Equal(2, api.Requests.Count);
    }

    [Fact]
    public async Task IsRefusedAtEnqueue_WithARelativeUrlOrABadRateLimit()
    {
        await using var engine = await BuiltInEngine.StartAsync(TimeProvider.System);
        var url = await Assert.ThrowsAsync<Jobs.Client.JobValidationException>(() => engine.EnqueueAsync("api_ingestion", """{"url":"/items"}"""));
        Assert.Contains("url: an absolute http or https URL is required.", url.Errors["args"][0], StringComparison.Ordinal);
        var rate = await Assert.ThrowsAsync<Jobs.Client.JobValidationException>(() => engine.EnqueueAsync("api_ingestion", """{"url":"http://x/","rateLimit":0}"""));
        Assert.Contains("rateLimit", rate.Errors["args"][0], StringComparison.Ordinal);
    }
}
