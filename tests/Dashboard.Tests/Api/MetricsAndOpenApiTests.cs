using System.Net;
using Jobs.Dashboard.Tests.Fakes;
using Jobs.Dashboard.Tests.Infrastructure;
using Jobs.Model;
using Microsoft.AspNetCore.Hosting;
using static Jobs.Dashboard.Tests.Api.ApiTestHttp;

namespace Jobs.Dashboard.Tests.Api;

public sealed class MetricsAndOpenApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Summary_CountsJobsByState()
    {
        using var client = factory.CreateClient();
        await ApiFactory.CreateAsync(client, new { type = "noop", delay = "1h" });
        await ApiFactory.CreateAsync(client, new { type = "noop", delay = "1h" });
        var failed = await ApiFactory.CreateAsync(client, new { type = FailingJob.Name, args = new { } });
        Assert.Equal(JobState.DeadLettered, await factory.WaitFinishedAsync(failed));

        using var response = await client.GetAsync(Url("/api/metrics/summary"), Ct);

        var summary = await JsonAsync(response, HttpStatusCode.OK);
        var counts = summary.GetProperty("countsByState");
        Assert.Equal(Enum.GetValues<JobState>().Length, counts.EnumerateObject().Count());
        Assert.Equal(2, counts.GetProperty("scheduled").GetInt64());
        Assert.Equal(1, counts.GetProperty("deadLettered").GetInt64());
        Assert.Equal(0, counts.GetProperty("succeeded").GetInt64());
        Assert.Equal(3, summary.GetProperty("total").GetInt64());
        Assert.Equal(2, summary.GetProperty("waiting").GetInt64());
        Assert.Equal(1, summary.GetProperty("deadLettered").GetInt64());
        Assert.Equal(FailingJob.Name, Assert.Single(summary.GetProperty("deadLetterGroups").EnumerateArray()).GetProperty("jobType").GetString());
    }

    [Fact]
    public async Task JobTypes_ListsRegisteredTypesWithArgumentSchemas()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(Url("/api/job-types"), Ct);

        var types = (await JsonAsync(response, HttpStatusCode.OK)).EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        Assert.Contains("noop", types.Keys);
        Assert.Contains("heatmap", types.Keys);
        Assert.True(types["heatmap"].GetProperty("hasResult").GetBoolean());
        Assert.True(types["heatmap"].GetProperty("argumentsSchema").GetProperty("properties").TryGetProperty("levels", out _));
    }

    [Fact]
    public async Task OpenApi_ServesV1DocumentWithEveryRoute()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(Url("/openapi/v1.json"), Ct);

        var doc = await JsonAsync(response, HttpStatusCode.OK);
        Assert.StartsWith("3.", doc.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        string[] expected =
        [
            "/api/jobs", "/api/jobs/{id}", "/api/jobs/{id}/cancel", "/api/jobs/{id}/retry",
            "/api/dead-letter", "/api/dead-letter/retry", "/api/metrics/summary", "/api/job-types", "/admin/run-jobs",
            "/api/metrics/series", "/api/metrics/job-types", "/api/metrics/process", "/api/series", "/api/series/{name}", "/api/anomalies",
        ];
        Assert.All(expected, p => Assert.Contains(p, paths));
        var priority = doc.GetProperty("components").GetProperty("schemas").GetProperty("JobPriority");
        Assert.Contains("critical", priority.GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Scalar_IsServedInDevelopment()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(Url("/scalar/"), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Scalar_IsAbsentInProduction()
    {
        await using var production = new ProductionFactory();
        using var client = production.CreateClient();

        using var scalar = await client.GetAsync(Url("/scalar/"), Ct);
        using var openApi = await client.GetAsync(Url("/openapi/v1.json"), Ct);

        Assert.Equal(HttpStatusCode.NotFound, scalar.StatusCode);
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
    }

    private sealed class ProductionFactory : DashboardFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
        }
    }
}
