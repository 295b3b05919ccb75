using System.Net;
using System.Net.Http.Json;
using Jobs.Dashboard.Api.Admin;
using Jobs.Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Jobs.Dashboard.Tests.Api.ApiTestHttp;

namespace Jobs.Dashboard.Tests.Api;

/// <summary>The app with an admin key configured, <c>HEATMAP_LEVELS=1,2</c>, and a clock that reads 2025-11-16.</summary>
public sealed class AdminKeyFactory : ApiFactory
{
    public const string Key = "dev-admin-key";

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 11, 16, 10, 0, 0, TimeSpan.Zero));

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("Admin:ApiKey", Key), new(AdminTriggerOptions.HeatmapLevelsVariable, "1,2")];

    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Time);
}

public sealed class AdminTriggerTests(AdminKeyFactory factory) : IClassFixture<AdminKeyFactory>
{
    private static HttpRequestMessage Post(string? key, string? body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Url("/admin/run-jobs"));
        if (key is not null)
        {
            request.Headers.Add(AdminTriggerEndpoints.ApiKeyHeader, key);
        }

        if (body is not null)
        {
            request.Content = RawJson(body);
        }

        return request;
    }

    [Fact]
    public async Task RunJobs_RunsBothTasksWithDefaults_WhenBodyIsEmptyObject()
    {
        using var client = factory.CreateClient();

        using var request = Post(AdminKeyFactory.Key, "{}");
        using var response = await client.SendAsync(request, Ct);

        var body = await JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("ok", body.GetProperty("status").GetString());
        var results = body.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(2, results.Count);
        Assert.Equal("ok", results[0].GetProperty("status").GetString());
        Assert.Equal("etl", results[0].GetProperty("job").GetString());
        Assert.Equal("heatmap", results[1].GetProperty("job").GetString());
        var cells = results[1].GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["1", "2"], cells.Select(c => c.GetProperty("level").GetString()));
        Assert.All(cells, c => Assert.Equal("2025-11-16", c.GetProperty("date").GetString()));
        Assert.Equal([10.0, 20.0], cells.Select(c => c.GetProperty("sum").GetDouble()));
    }

    [Fact]
    public async Task RunJobs_RecordsEachEnqueueInTheAuditLog_AsTheAdminTrigger()
    {
        using var client = factory.CreateClient();

        using var request = Post(AdminKeyFactory.Key, """{"tasks":["etl"]}""");
        using var response = await client.SendAsync(request, Ct);
        var jobId = (await JsonAsync(response, HttpStatusCode.OK)).GetProperty("results")[0].GetProperty("jobId").GetInt64();
        using var job = await client.GetAsync(Url($"/api/jobs/{jobId}"), Ct);

        var entry = Assert.Single((await JsonAsync(job, HttpStatusCode.OK)).GetProperty("audit").EnumerateArray());
        Assert.Equal("job.enqueue", entry.GetProperty("action").GetString());
        Assert.Equal("admin-trigger", entry.GetProperty("actor").GetString());
        Assert.Equal("type etl via POST /admin/run-jobs", entry.GetProperty("details").GetString());
        Assert.Equal(factory.Time.GetUtcNow(), entry.GetProperty("at").GetDateTimeOffset());
    }

    [Fact]
    public async Task RunJobs_RunsOnlyHeatmapForGivenLevelsAndDate_InTheSeedsShape()
    {
        using var client = factory.CreateClient();

        using var request = Post(AdminKeyFactory.Key, """{"tasks":["heatmap"],"levels":["1"],"date":"2025-11-15"}""");
        using var response = await client.SendAsync(request, Ct);

        var body = await JsonAsync(response, HttpStatusCode.OK);
        var result = Assert.Single(body.GetProperty("results").EnumerateArray());
        Assert.Equal("ok", result.GetProperty("status").GetString());
        Assert.Equal("heatmap", result.GetProperty("job").GetString());
        var cell = Assert.Single(result.GetProperty("results").EnumerateArray());
        Assert.Equal("1", cell.GetProperty("level").GetString());
        Assert.Equal("2025-11-15", cell.GetProperty("date").GetString());
        Assert.Equal(10.0, cell.GetProperty("sum").GetDouble());
        Assert.True(result.GetProperty("jobId").GetInt64() > 0);
    }

    [Fact]
    public async Task RunJobs_RunsBothTasks_WhenThereIsNoBodyAtAll()
    {
        using var client = factory.CreateClient();

        using var request = Post(AdminKeyFactory.Key, body: null);
        using var response = await client.SendAsync(request, Ct);

        var body = await JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(["etl", "heatmap"], body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("job").GetString()));
    }

    [Fact]
    public async Task RunJobs_Answers500WithErrorStatus_WhenATaskFails()
    {
        using var client = factory.CreateClient();

        using var request = Post(AdminKeyFactory.Key, """{"tasks":["heatmap"],"levels":["fail"]}""");
        using var response = await client.SendAsync(request, Ct);

        var body = await JsonAsync(response, HttpStatusCode.InternalServerError);
        Assert.Equal("error", body.GetProperty("status").GetString());
        var result = Assert.Single(body.GetProperty("results").EnumerateArray());
        Assert.Equal("error", result.GetProperty("status").GetString());
        Assert.Contains("Level 'fail' does not exist", result.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong-key")]
    [InlineData("dev-admin-key ")]
    [InlineData("DEV-ADMIN-KEY")]
    public async Task RunJobs_Returns401_WhenKeyIsMissingOrWrong(string? key)
    {
        using var client = factory.CreateClient();

        using var request = Post(key, "{}");
        using var response = await client.SendAsync(request, Ct);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("""{"tasks":["etl","reindex"]}""", "tasks")]
    [InlineData("""{"tasks":[]}""", "tasks")]
    [InlineData("""{"date":"16/11/2025"}""", "date")]
    [InlineData("""{"levels":[]}""", "levels")]
    public async Task RunJobs_Returns400WithFieldError_WhenBodyIsInvalid(string json, string field)
    {
        using var client = factory.CreateClient();

        using var request = Post(AdminKeyFactory.Key, json);
        using var response = await client.SendAsync(request, Ct);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.NotEmpty(Problem.Errors(problem, field));
    }

    [Fact]
    public async Task RunJobs_Returns400_WhenBodyIsMalformedJson()
    {
        using var client = factory.CreateClient();

        using var request = Post(AdminKeyFactory.Key, """{"tasks":["etl""");
        using var response = await client.SendAsync(request, Ct);

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("dev-admin-key", "dev-admin-key", true)]
    [InlineData("dev-admin-key", "dev-admin-kez", false)]
    [InlineData("dev-admin-key", "dev-admin-key-longer", false)]
    [InlineData("dev-admin-key", "", false)]
    [InlineData("dev-admin-key", null, false)]
    public void Matches_ComparesWholeKeys(string configured, string? presented, bool expected) =>
        Assert.Equal(expected, AdminApiKey.Matches(configured, presented));
}

public sealed class AdminTriggerDisabledTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task RunJobs_Returns404_WhenNoKeyIsConfigured()
    {
        using var client = factory.CreateClient();

        using var request = new HttpRequestMessage(HttpMethod.Post, Url("/admin/run-jobs"));
        request.Headers.Add(AdminTriggerEndpoints.ApiKeyHeader, "anything");
        request.Content = JsonContent.Create(new { tasks = new List<string> { "etl" } });
        using var response = await client.SendAsync(request, Ct);

        await Problem.AssertAsync(response, HttpStatusCode.NotFound);
        using var types = await client.GetAsync(Url("/api/metrics/summary"), Ct);
        Assert.Equal(0, (await JsonAsync(types, HttpStatusCode.OK)).GetProperty("total").GetInt64());
    }
}
