using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jobs.Dashboard.Tests.Fakes;
using Jobs.Dashboard.Tests.Infrastructure;
using Jobs.Model;
using static Jobs.Dashboard.Tests.Api.ApiTestHttp;

namespace Jobs.Dashboard.Tests.Api;

public sealed class JobsApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Create_Returns201WithLocationAndTheJob_WhenRequestIsValid()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync(Url("/api/jobs"), new
        {
            type = "noop",
            args = new { },
            priority = "high",
            queue = "reports",
            delay = "1h",
            maxRetries = 5,
            timeout = "30s",
            tags = new List<string> { "api-create" },
            metadata = new Dictionary<string, string> { ["owner"] = "ops" },
        }, Ct);

        var job = await JsonAsync(response, HttpStatusCode.Created);
        var id = job.GetProperty("id").GetInt64();
        Assert.Equal($"/api/jobs/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("noop", job.GetProperty("type").GetString());
        Assert.Equal("high", job.GetProperty("priority").GetString());
        Assert.Equal("scheduled", job.GetProperty("state").GetString());
        Assert.Equal("reports", job.GetProperty("queue").GetString());
        Assert.Equal(5, job.GetProperty("maxRetries").GetInt32());
        Assert.Equal("00:00:30", job.GetProperty("timeout").GetString());
        Assert.Equal("ops", job.GetProperty("metadata").GetProperty("owner").GetString());

        using var get = await client.GetAsync(response.Headers.Location, Ct);
        Assert.Equal(id, (await JsonAsync(get, HttpStatusCode.OK)).GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Create_Returns200WithTheLiveJob_WhenUniqueKeyMatches()
    {
        using var client = factory.CreateClient();
        var body = new { type = "noop", delay = "1h", uniqueKey = "report-2025-11-16" };
        var first = await ApiFactory.CreateAsync(client, body);

        using var again = await client.PostAsJsonAsync(Url("/api/jobs"), body, Ct);

        var job = await JsonAsync(again, HttpStatusCode.OK);
        Assert.Equal(first, job.GetProperty("id").GetInt64());
        Assert.Equal($"/api/jobs/{first}", again.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Create_Returns400WithTypeError_WhenTypeIsUnknown()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync(Url("/api/jobs"), new { type = "no-such-type" }, Ct);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(Problem.Errors(problem, "type"), m => m.Contains("no-such-type", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_Returns400WithFieldErrors_WhenDurationsAndDependencyAreInvalid()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync(Url("/api/jobs"), new
        {
            type = "noop",
            delay = "soon",
            timeout = "-5s",
            dependsOn = new object[] { new { jobId = 1, condition = "whenever" } },
        }, Ct);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.Single(Problem.Errors(problem, "delay"));
        Assert.Single(Problem.Errors(problem, "timeout"));
        Assert.Contains("whenever", Problem.Errors(problem, "dependsOn[0].condition")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_Returns400WithArgsError_WhenArgumentsDoNotFitTheType()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsync(Url("/api/jobs"), RawJson("""{"type":"demo.count","args":{"steps":"many"}}"""), Ct);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.Single(Problem.Errors(problem, "args"));
    }

    [Theory]
    [InlineData("{\"type\":\"noop\",", null)]
    [InlineData("not json", null)]
    [InlineData("{\"type\":\"noop\",\"priority\":\"urgent\"}", "priority")]
    [InlineData("{\"type\":\"noop\",\"maxRetries\":\"three\"}", "maxRetries")]
    [InlineData("", null)]
    public async Task Create_Returns400ProblemDetails_WhenBodyIsMalformed(string body, string? field)
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsync(Url("/api/jobs"), RawJson(body), Ct);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        if (field is not null)
        {
            Assert.NotEmpty(Problem.Errors(problem, field));
        }
    }

    [Fact]
    public async Task Create_NamesTheAcceptedValues_WhenPriorityIsUnknown()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsync(Url("/api/jobs"), RawJson("""{"type":"noop","priority":"urgent"}"""), Ct);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.StartsWith("'priority' must be one of low, normal, high, critical", Problem.Errors(problem, "priority")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_Returns413AndStoresNothing_WhenArgumentsExceedTheDefaultLimitOf1MiB()
    {
        using var client = factory.CreateClient();
        var before = await TotalAsync(client);
        var big = new string('x', 1024 * 1024);

        using var response = await client.PostAsJsonAsync(Url("/api/jobs"), new { type = "noop", args = new { big } }, Ct);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("1048576", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await TotalAsync(client));
    }

    [Fact]
    public async Task Create_Accepts_WhenArgumentsAreJustUnderTheLimit()
    {
        using var client = factory.CreateClient();
        // {"big":"xxx…"} is 10 bytes of JSON around the string.
        var big = new string('x', (1024 * 1024) - 10);

        using var response = await client.PostAsJsonAsync(Url("/api/jobs"), new { type = "noop", delay = "1h", args = new { big } }, Ct);

        await JsonAsync(response, HttpStatusCode.Created);
    }

    private static async Task<long> TotalAsync(HttpClient client)
    {
        using var response = await client.GetAsync(Url("/api/metrics/summary"), Ct);
        return (await JsonAsync(response, HttpStatusCode.OK)).GetProperty("total").GetInt64();
    }

    [Fact]
    public async Task List_FiltersAndPagesWithCursor()
    {
        using var client = factory.CreateClient();
        var tag = "page-" + Guid.NewGuid().ToString("N");
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await ApiFactory.CreateAsync(client, new { type = "noop", delay = "1h", queue = "paging", tags = new[] { tag } }));
        }

        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var url = $"/api/jobs?tag={tag}&status=scheduled&type=noop&queue=paging&limit=2" + (cursor is null ? "" : $"&cursor={cursor}");
            using var response = await client.GetAsync(Url(url), Ct);
            var page = await JsonAsync(response, HttpStatusCode.OK);
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.True(items.Count <= 2);
            seen.AddRange(items.Select(j => j.GetProperty("id").GetInt64()));
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);

        Assert.Equal(ids.AsEnumerable().Reverse(), seen);

        using var none = await client.GetAsync(Url($"/api/jobs?tag={tag}&status=succeeded"), Ct);
        Assert.Empty((await JsonAsync(none, HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("status=finished", "status")]
    [InlineData("status=7", "status")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task List_Returns400WithFieldError_WhenAFilterIsInvalid(string query, string field)
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(Url("/api/jobs?" + query), Ct);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.NotEmpty(Problem.Errors(problem, field));
    }

    [Fact]
    public async Task List_TreatsSqlMetacharactersAsPlainText()
    {
        using var client = factory.CreateClient();
        var tag = "x' OR '1'='1";
        var id = await ApiFactory.CreateAsync(client, new { type = "noop", delay = "1h", tags = new[] { tag }, args = new { } });
        string[] hostile = ["'; DROP TABLE jobs; --", "%", "_", "\" OR 1=1 --", "1; DELETE FROM jobs"];

        foreach (var text in hostile)
        {
            foreach (var parameter in new[] { "q", "type", "queue", "tag" })
            {
                using var response = await client.GetAsync(Url($"/api/jobs?{parameter}={Uri.EscapeDataString(text)}"), Ct);
                var items = (await JsonAsync(response, HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToList();
                // A wildcard or an injected OR would match every job; as text they match none.
                Assert.Empty(items);
            }
        }

        using var byTag = await client.GetAsync(Url($"/api/jobs?tag={Uri.EscapeDataString(tag)}"), Ct);
        Assert.Equal(id, Assert.Single((await JsonAsync(byTag, HttpStatusCode.OK)).GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());
        using var stillThere = await client.GetAsync(Url($"/api/jobs/{id}"), Ct);
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
    }

    [Fact]
    public async Task Create_KeepsHtmlAsText_WhenTagsAndMetadataHoldMarkup()
    {
        using var client = factory.CreateClient();
        const string markup = "<script>alert('x')</script><b>bold</b>";

        var id = await ApiFactory.CreateAsync(client, new { type = "noop", delay = "1h", tags = new[] { markup }, metadata = new Dictionary<string, string> { ["name"] = markup }, args = new { } });
        using var response = await client.GetAsync(Url($"/api/jobs/{id}"), Ct);
        var raw = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("<script>", raw, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(raw);
        Assert.Equal(markup, json.RootElement.GetProperty("tags")[0].GetString());
        Assert.Equal(markup, json.RootElement.GetProperty("metadata").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Create_EchoesAnHtmlTypeNameAsEscapedText_WhenRefusingIt()
    {
        using var client = factory.CreateClient();
        const string markup = "<img src=x onerror=alert(1)>";

        using var response = await client.PostAsJsonAsync(Url("/api/jobs"), new { type = markup }, Ct);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(markup, Problem.Errors(problem, "type")[0], StringComparison.Ordinal);
        Assert.DoesNotContain("<img", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_Returns404Problem_WhenIdIsUnknown()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(Url("/api/jobs/987654321"), Ct);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("987654321", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ShowsAttemptsAndLastErrorWithStackTrace_WhenJobFailed()
    {
        using var client = factory.CreateClient();
        var id = await ApiFactory.CreateAsync(client, new { type = FailingJob.Name, args = new { message = "row 7: bad date" } });
        Assert.Equal(JobState.DeadLettered, await factory.WaitFinishedAsync(id));

        using var response = await client.GetAsync(Url($"/api/jobs/{id}"), Ct);

        var job = await JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("deadLettered", job.GetProperty("state").GetString());
        var error = job.GetProperty("lastError");
        Assert.Equal(typeof(FormatException).FullName, error.GetProperty("type").GetString());
        Assert.Equal("row 7: bad date", error.GetProperty("message").GetString());
        Assert.Contains(nameof(FailingJob), error.GetProperty("stackTrace").GetString(), StringComparison.Ordinal);
        var attempt = Assert.Single(job.GetProperty("attempts").EnumerateArray());
        Assert.Equal("deadLettered", attempt.GetProperty("outcome").GetString());
        Assert.Equal("row 7: bad date", attempt.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Get_ShowsDependenciesFromBothEnds()
    {
        using var client = factory.CreateClient();
        var parent = await ApiFactory.CreateAsync(client, new { type = "noop", delay = "1h" });
        var child = await ApiFactory.CreateAsync(client, new { type = "noop", dependsOn = new[] { new { jobId = parent, condition = "completion" } } });

        using var childResponse = await client.GetAsync(Url($"/api/jobs/{child}"), Ct);
        using var parentResponse = await client.GetAsync(Url($"/api/jobs/{parent}"), Ct);

        var childJob = await JsonAsync(childResponse, HttpStatusCode.OK);
        Assert.Equal("awaitingDependencies", childJob.GetProperty("state").GetString());
        var edge = Assert.Single(childJob.GetProperty("dependsOn").EnumerateArray());
        Assert.Equal(parent, edge.GetProperty("jobId").GetInt64());
        Assert.Equal("onCompletion", edge.GetProperty("condition").GetString());
        var back = Assert.Single((await JsonAsync(parentResponse, HttpStatusCode.OK)).GetProperty("dependents").EnumerateArray());
        Assert.Equal(child, back.GetProperty("jobId").GetInt64());
    }

    [Fact]
    public async Task Cancel_Returns200ThenConflictWithReason_WhenCancelledTwice()
    {
        using var client = factory.CreateClient();
        var id = await ApiFactory.CreateAsync(client, new { type = "noop", delay = "1h" });

        using var first = await client.PostAsync(Url($"/api/jobs/{id}/cancel"), RawJson("""{"reason":"not needed"}"""), Ct);
        using var second = await client.PostAsync(Url($"/api/jobs/{id}/cancel"), null, Ct);

        Assert.Equal("cancelled", (await JsonAsync(first, HttpStatusCode.OK)).GetProperty("state").GetString());
        var problem = await Problem.AssertAsync(second, HttpStatusCode.Conflict);
        Assert.Contains("Cancelled", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var get = await client.GetAsync(Url($"/api/jobs/{id}"), Ct);
        Assert.Contains((await JsonAsync(get, HttpStatusCode.OK)).GetProperty("history").EnumerateArray(),
            h => h.TryGetProperty("reason", out var r) && r.GetString()!.Contains("not needed", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("POST", "/cancel")]
    [InlineData("POST", "/retry")]
    [InlineData("DELETE", "")]
    public async Task Actions_Return404Problem_WhenIdIsUnknown(string method, string suffix)
    {
        using var client = factory.CreateClient();

        using var request = new HttpRequestMessage(new HttpMethod(method), Url($"/api/jobs/987654321{suffix}"));
        using var response = await client.SendAsync(request, Ct);

        await Problem.AssertAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Retry_Returns409_WhenJobIsWaiting_And200_WhenDeadLettered()
    {
        using var client = factory.CreateClient();
        var waiting = await ApiFactory.CreateAsync(client, new { type = "noop", delay = "1h" });
        var failed = await ApiFactory.CreateAsync(client, new { type = FailingJob.Name, args = new { } });
        Assert.Equal(JobState.DeadLettered, await factory.WaitFinishedAsync(failed));

        using var conflict = await client.PostAsync(Url($"/api/jobs/{waiting}/retry"), null, Ct);
        using var ok = await client.PostAsync(Url($"/api/jobs/{failed}/retry"), null, Ct);

        var problem = await Problem.AssertAsync(conflict, HttpStatusCode.Conflict);
        Assert.Contains("Scheduled", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await JsonAsync(ok, HttpStatusCode.OK);
        Assert.Equal(JobState.DeadLettered, await factory.WaitFinishedAsync(failed));
        using var get = await client.GetAsync(Url($"/api/jobs/{failed}"), Ct);
        Assert.Equal(2, (await JsonAsync(get, HttpStatusCode.OK)).GetProperty("attempts").GetArrayLength());
    }

    [Fact]
    public async Task Delete_Returns409_WhenJobIsWaiting_And204ThenGone_WhenFinished()
    {
        using var client = factory.CreateClient();
        var id = await ApiFactory.CreateAsync(client, new { type = "noop", delay = "1h" });

        using var conflict = await client.DeleteAsync(Url($"/api/jobs/{id}"), Ct);
        await Problem.AssertAsync(conflict, HttpStatusCode.Conflict);
        using var cancel = await client.PostAsync(Url($"/api/jobs/{id}/cancel"), null, Ct);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        using var deleted = await client.DeleteAsync(Url($"/api/jobs/{id}"), Ct);
        using var gone = await client.GetAsync(Url($"/api/jobs/{id}"), Ct);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await Problem.AssertAsync(gone, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task UnknownApiRoute_ReturnsProblemDetails()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(Url("/api/no-such-route"), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
