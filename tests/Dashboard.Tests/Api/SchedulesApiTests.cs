using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jobs.Dashboard.Api;
using Jobs.Dashboard.Tests.Infrastructure;
using Jobs.Model;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static Jobs.Dashboard.Tests.Api.ApiTestHttp;

namespace Jobs.Dashboard.Tests.Api;

public sealed class SchedulesApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static string NewName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    private static async Task<JsonElement> CreateAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync(Url("/api/schedules"), body, Ct);
        return await JsonAsync(response, HttpStatusCode.Created);
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string name)
    {
        using var response = await client.GetAsync(Url($"/api/schedules/{name}"), Ct);
        return await JsonAsync(response, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Create_Returns201WithLocationAndTheSchedule_AndListAndGetFindIt()
    {
        using var client = factory.CreateClient();
        var name = NewName("report");

        using var response = await client.PostAsJsonAsync(Url("/api/schedules"), new
        {
            name,
            description = "Morning report",
            jobType = "noop",
            args = new { region = "eu" },
            queue = "reports",
            priority = "high",
            cron = "0 9 * * 1-5",
            timeZone = "Europe/Berlin",
            misfire = "fire-all",
            misfireCap = 3,
            overlap = "queue",
        }, Ct);

        var schedule = await JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal($"/api/schedules/{name}", response.Headers.Location?.OriginalString);
        Assert.Equal(name, schedule.GetProperty("name").GetString());
        Assert.Equal("cron", schedule.GetProperty("kind").GetString());
        Assert.Equal("eu", schedule.GetProperty("args").GetProperty("region").GetString());
        Assert.Equal("high", schedule.GetProperty("priority").GetString());
        Assert.Equal("fire-all", schedule.GetProperty("misfire").GetString());
        Assert.Equal(3, schedule.GetProperty("misfireCap").GetInt32());
        Assert.Equal("queue", schedule.GetProperty("overlap").GetString());
        Assert.False(schedule.GetProperty("paused").GetBoolean());
        var next = schedule.GetProperty("nextFireTime").GetDateTimeOffset();
        var berlin = TimeZoneInfo.ConvertTime(next, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        Assert.Equal(9, berlin.Hour);
        Assert.False(string.IsNullOrWhiteSpace(schedule.GetProperty("summary").GetString()));

        using var get = await client.GetAsync(response.Headers.Location, Ct);
        Assert.Equal("Morning report", (await JsonAsync(get, HttpStatusCode.OK)).GetProperty("description").GetString());
        using var list = await client.GetAsync(Url("/api/schedules"), Ct);
        var names = (await JsonAsync(list, HttpStatusCode.OK)).EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToList();
        Assert.Contains(name, names);
        // The default schedules from the seeds are there too, sorted by name with the new one.
        Assert.Contains("etl", names);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public async Task Create_Returns400WithEveryFieldErrorAndStoresNothing_WhenTheDefinitionIsInvalid()
    {
        using var client = factory.CreateClient();
        var name = NewName("bad");

        using var response = await client.PostAsJsonAsync(Url("/api/schedules"), new
        {
            name,
            jobType = "no-such-type",
            cron = "61 * * * *",
            timeZone = "Mars/Olympus",
            queue = "has/slash",
        }, Ct);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("no-such-type", Problem.Errors(problem, "jobType")[0], StringComparison.Ordinal);
        Assert.NotEmpty(Problem.Errors(problem, "cron"));
        Assert.Contains("Mars/Olympus", Problem.Errors(problem, "timeZone")[0], StringComparison.Ordinal);
        Assert.NotEmpty(Problem.Errors(problem, "queue"));
        using var gone = await client.GetAsync(Url($"/api/schedules/{name}"), Ct);
        await Problem.AssertAsync(gone, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"name":"t1","jobType":"noop"}""", "trigger")]
    [InlineData("""{"name":"t2","jobType":"noop","cron":"0 9 * * *","every":"15m"}""", "trigger")]
    [InlineData("""{"name":"t3","jobType":"noop","every":"soon"}""", "every")]
    [InlineData("""{"name":"t4","jobType":"noop","runAt":"2001-01-01T00:00:00Z"}""", "runAt")]
    [InlineData("""{"name":"has space","jobType":"noop","every":"15m"}""", "name")]
    [InlineData("""{"jobType":"noop","every":"15m"}""", "name")]
    [InlineData("""{"name":"t5","jobType":"demo.count","args":{"steps":"many"},"every":"15m"}""", "args")]
    [InlineData("""{"name":"t6","jobType":"noop","every":"15m","startAt":"2030-01-02T00:00:00Z","endAt":"2030-01-01T00:00:00Z"}""", "endAt")]
    [InlineData("""{"name":"t7","jobType":"noop","every":"15m","misfireCap":0}""", "misfireCap")]
    [InlineData("""{"name":"t8","jobType":"noop","every":"15m","misfire":"sometimes"}""", "misfire")]
    [InlineData("""{"name":"t9","jobType":"noop","every":"15m","overlap":"maybe"}""", "overlap")]
    [InlineData("""{"name":"t10","jobType":"noop","every":"15m",""", null)]
    [InlineData("", null)]
    public async Task Create_Returns400ProblemDetails_WhenBodyIsBad(string body, string? field)
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsync(Url("/api/schedules"), RawJson(body), Ct);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        if (field is not null)
        {
            Assert.NotEmpty(Problem.Errors(problem, field));
        }
    }

    [Fact]
    public async Task Create_NamesThePoliciesJsonAccepts_WhenAPolicyIsUnknown()
    {
        using var client = factory.CreateClient();

        using var misfire = await client.PostAsync(Url("/api/schedules"), RawJson("""{"name":"p1","jobType":"noop","every":"15m","misfire":"later"}"""), Ct);
        using var overlap = await client.PostAsync(Url("/api/schedules"), RawJson("""{"name":"p2","jobType":"noop","every":"15m","overlap":"maybe"}"""), Ct);

        Assert.StartsWith("'misfire' must be one of fire-once, skip, fire-all",
            Problem.Errors(await Problem.AssertAsync(misfire, HttpStatusCode.BadRequest), "misfire")[0], StringComparison.Ordinal);
        Assert.StartsWith("'overlap' must be one of skip, queue, allow",
            Problem.Errors(await Problem.AssertAsync(overlap, HttpStatusCode.BadRequest), "overlap")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_Returns409WithTheNameError_WhenTheNameIsTaken()
    {
        using var client = factory.CreateClient();
        var name = NewName("twice");
        await CreateAsync(client, new { name, jobType = "noop", every = "15m" });

        using var again = await client.PostAsJsonAsync(Url("/api/schedules"), new { name, jobType = "noop", cron = "0 9 * * *" }, Ct);

        var problem = await Problem.AssertAsync(again, HttpStatusCode.Conflict);
        Assert.Contains("already exists", Problem.Errors(problem, "name")[0], StringComparison.Ordinal);
        // The first definition is untouched.
        Assert.Equal("interval", (await GetAsync(client, name)).GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Get_Returns404Problem_WhenNameIsUnknown()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(Url("/api/schedules/no-such-schedule"), Ct);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("no-such-schedule", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_ReplacesTheDefinition_AndKeepsItPaused()
    {
        using var client = factory.CreateClient();
        var name = NewName("edit");
        await CreateAsync(client, new { name, jobType = "noop", every = "15m", queue = "reports" });
        using (var pause = await client.PostAsync(Url($"/api/schedules/{name}/pause"), null, Ct))
        {
            Assert.True((await JsonAsync(pause, HttpStatusCode.OK)).GetProperty("paused").GetBoolean());
        }

        using var put = await client.PutAsJsonAsync(Url($"/api/schedules/{name}"), new { jobType = "noop", cron = "30 6 * * *", overlap = "allow" }, Ct);

        var schedule = await JsonAsync(put, HttpStatusCode.OK);
        Assert.Equal("cron", schedule.GetProperty("kind").GetString());
        Assert.Equal("30 6 * * *", schedule.GetProperty("cron").GetString());
        Assert.False(schedule.TryGetProperty("every", out _));
        Assert.Equal("allow", schedule.GetProperty("overlap").GetString());
        // A PUT replaces the whole definition: the queue not given is back to the default.
        Assert.Equal("default", schedule.GetProperty("queue").GetString());
        Assert.True(schedule.GetProperty("paused").GetBoolean());
        Assert.True((await GetAsync(client, name)).GetProperty("paused").GetBoolean());
    }

    [Fact]
    public async Task Put_Returns400AndKeepsTheSchedule_WhenInvalidOrRenamed()
    {
        using var client = factory.CreateClient();
        var name = NewName("keep");
        await CreateAsync(client, new { name, jobType = "noop", every = "15m" });

        using var invalid = await client.PutAsJsonAsync(Url($"/api/schedules/{name}"), new { jobType = "noop", cron = "not a cron" }, Ct);
        using var renamed = await client.PutAsJsonAsync(Url($"/api/schedules/{name}"), new { name = "other-name", jobType = "noop", every = "5m" }, Ct);
        using var malformed = await client.PutAsync(Url($"/api/schedules/{name}"), RawJson("{\"every\":"), Ct);

        Assert.NotEmpty(Problem.Errors(await Problem.AssertAsync(invalid, HttpStatusCode.BadRequest), "cron"));
        Assert.Contains("renamed", Problem.Errors(await Problem.AssertAsync(renamed, HttpStatusCode.BadRequest), "name")[0], StringComparison.Ordinal);
        await Problem.AssertAsync(malformed, HttpStatusCode.BadRequest);
        Assert.Equal("15m", (await GetAsync(client, name)).GetProperty("every").GetString());
    }

    [Fact]
    public async Task Put_Returns404_WhenNameIsUnknown()
    {
        using var client = factory.CreateClient();

        using var response = await client.PutAsJsonAsync(Url("/api/schedules/no-such-schedule"), new { jobType = "noop", every = "15m" }, Ct);

        await Problem.AssertAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_Returns204ThenTheScheduleIsGone_And404WhenUnknown()
    {
        using var client = factory.CreateClient();
        var name = NewName("gone");
        await CreateAsync(client, new { name, jobType = "noop", every = "15m" });

        using var delete = await client.DeleteAsync(Url($"/api/schedules/{name}"), Ct);
        using var get = await client.GetAsync(Url($"/api/schedules/{name}"), Ct);
        using var again = await client.DeleteAsync(Url($"/api/schedules/{name}"), Ct);

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await Problem.AssertAsync(get, HttpStatusCode.NotFound);
        await Problem.AssertAsync(again, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PauseAndResume_ChangeWhetherItFires()
    {
        using var client = factory.CreateClient();
        var name = NewName("pause");
        await CreateAsync(client, new { name, jobType = "noop", every = "1h" });

        using var pause = await client.PostAsync(Url($"/api/schedules/{name}/pause"), null, Ct);
        var paused = await JsonAsync(pause, HttpStatusCode.OK);
        using var resume = await client.PostAsync(Url($"/api/schedules/{name}/resume"), null, Ct);
        var resumed = await JsonAsync(resume, HttpStatusCode.OK);

        Assert.True(paused.GetProperty("paused").GetBoolean());
        Assert.False(resumed.GetProperty("paused").GetBoolean());
        Assert.True(resumed.TryGetProperty("nextFireTime", out _));
    }

    [Theory]
    [InlineData("pause")]
    [InlineData("resume")]
    [InlineData("trigger")]
    public async Task Actions_Return404_WhenNameIsUnknown(string action)
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsync(Url($"/api/schedules/no-such-schedule/{action}"), null, Ct);

        await Problem.AssertAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Trigger_ReturnsTheEnqueuedJob_ThatCarriesTheScheduleConventions_AndRunsListIt()
    {
        using var client = factory.CreateClient();
        var name = NewName("now");
        await CreateAsync(client, new { name, jobType = "noop", cron = "0 0 1 1 *", queue = "reports" });

        using var trigger = await client.PostAsync(Url($"/api/schedules/{name}/trigger"), null, Ct);

        var result = await JsonAsync(trigger, HttpStatusCode.OK);
        Assert.Equal(name, result.GetProperty("schedule").GetString());
        var id = result.GetProperty("jobId").GetInt64();
        Assert.Equal(JobState.Succeeded, await factory.WaitFinishedAsync(id));
        using var job = await client.GetAsync(Url($"/api/jobs/{id}"), Ct);
        var details = await JsonAsync(job, HttpStatusCode.OK);
        Assert.Contains($"schedule:{name}", details.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(name, details.GetProperty("metadata").GetProperty("schedule").GetString());
        Assert.True(details.GetProperty("metadata").TryGetProperty("scheduleFireTime", out _));
        Assert.Equal("reports", details.GetProperty("queue").GetString());

        using var runs = await client.GetAsync(Url($"/api/schedules/{name}/runs"), Ct);
        var run = Assert.Single((await JsonAsync(runs, HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        Assert.Equal(id, run.GetProperty("jobId").GetInt64());
        Assert.Equal("succeeded", run.GetProperty("state").GetString());
        Assert.True(run.GetProperty("finished").GetBoolean());
        Assert.True(TimeSpan.Parse(run.GetProperty("duration").GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= TimeSpan.Zero);
        Assert.Equal(id, (await GetAsync(client, name)).GetProperty("lastRun").GetProperty("jobId").GetInt64());

        // The history outlives the schedule.
        using (await client.DeleteAsync(Url($"/api/schedules/{name}"), Ct))
        {
        }

        using var after = await client.GetAsync(Url($"/api/schedules/{name}/runs"), Ct);
        Assert.Single((await JsonAsync(after, HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Trigger_Returns409WithTheReasonAndTheUnfinishedRun_WhenOverlapPolicySkips()
    {
        using var client = factory.CreateClient();
        var name = NewName("busy");
        await CreateAsync(client, new { name, jobType = "demo.count", args = new { steps = 100_000, delayMs = 10 }, cron = "0 0 1 1 *", overlap = "skip" });
        using var first = await client.PostAsync(Url($"/api/schedules/{name}/trigger"), null, Ct);
        var running = (await JsonAsync(first, HttpStatusCode.OK)).GetProperty("jobId").GetInt64();

        using var second = await client.PostAsync(Url($"/api/schedules/{name}/trigger"), null, Ct);

        var problem = await Problem.AssertAsync(second, HttpStatusCode.Conflict);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.Equal(running, problem.GetProperty("jobId").GetInt64());
        using var runs = await client.GetAsync(Url($"/api/schedules/{name}/runs"), Ct);
        Assert.Single((await JsonAsync(runs, HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        using (await client.PostAsync(Url($"/api/jobs/{running}/cancel"), null, Ct))
        {
        }

        Assert.Equal(JobState.Cancelled, await factory.WaitFinishedAsync(running));
    }

    [Theory]
    [InlineData("/api/schedules/no-such-schedule/runs", HttpStatusCode.NotFound, null)]
    [InlineData("/api/schedules/etl/runs?limit=0", HttpStatusCode.BadRequest, "limit")]
    [InlineData("/api/schedules/etl/runs?limit=many", HttpStatusCode.BadRequest, "limit")]
    public async Task Runs_ReturnProblems_WhenNameIsUnknownOrLimitIsBad(string url, HttpStatusCode status, string? field)
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(Url(url), Ct);

        var problem = await Problem.AssertAsync(response, status);
        if (field is not null)
        {
            Assert.NotEmpty(Problem.Errors(problem, field));
        }
    }

    [Fact]
    public async Task Preview_ReturnsTheNextFireTimesInTheTimeZone()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(Url("/api/schedules/preview?cron=0%209%20*%20*%20*&timeZone=America/New_York&count=3"), Ct);

        var preview = await JsonAsync(response, HttpStatusCode.OK);
        var times = preview.GetProperty("fireTimes").EnumerateArray().Select(t => t.GetDateTimeOffset()).ToList();
        Assert.Equal(3, times.Count);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        Assert.All(times, t => Assert.Equal(9, TimeZoneInfo.ConvertTime(t, zone).Hour));
        Assert.Equal(times.Order(), times);
        Assert.Equal("America/New_York", preview.GetProperty("timeZone").GetString());
        Assert.False(string.IsNullOrWhiteSpace(preview.GetProperty("summary").GetString()));
    }

    [Fact]
    public async Task Preview_ReturnsTimesAnIntervalApart_WhenEveryIsGiven()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(Url("/api/schedules/preview?every=15m"), Ct);

        var times = (await JsonAsync(response, HttpStatusCode.OK)).GetProperty("fireTimes").EnumerateArray().Select(t => t.GetDateTimeOffset()).ToList();
        Assert.Equal(10, times.Count);
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.Equal(TimeSpan.FromMinutes(15), pair.Second - pair.First));
    }

    [Theory]
    [InlineData("cron=61%20*%20*%20*%20*", "cron")]
    [InlineData("cron=0%209%20*%20*%20*&timeZone=Mars/Olympus", "timeZone")]
    [InlineData("cron=0%209%20*%20*%20*&count=0", "count")]
    [InlineData("cron=0%209%20*%20*%20*&count=101", "count")]
    [InlineData("", "cron")]
    [InlineData("cron=0%209%20*%20*%20*&every=15m", "cron")]
    [InlineData("every=fortnightly", "every")]
    public async Task Preview_Returns400WithTheField_WhenInputIsBad(string query, string field)
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(Url("/api/schedules/preview?" + query), Ct);

        Assert.NotEmpty(Problem.Errors(await Problem.AssertAsync(response, HttpStatusCode.BadRequest), field));
    }

    [Theory]
    [InlineData("GET", "/api/schedules/", ApiPolicies.Viewer)]
    [InlineData("GET", "/api/schedules/preview", ApiPolicies.Viewer)]
    [InlineData("GET", "/api/schedules/{id}", ApiPolicies.Viewer)]
    [InlineData("GET", "/api/schedules/{id}/runs", ApiPolicies.Viewer)]
    [InlineData("POST", "/api/schedules/{id}/trigger", ApiPolicies.Operator)]
    [InlineData("POST", "/api/schedules/", ApiPolicies.Admin)]
    [InlineData("PUT", "/api/schedules/{id}", ApiPolicies.Admin)]
    [InlineData("DELETE", "/api/schedules/{id}", ApiPolicies.Admin)]
    [InlineData("POST", "/api/schedules/{id}/pause", ApiPolicies.Admin)]
    [InlineData("POST", "/api/schedules/{id}/resume", ApiPolicies.Admin)]
    public void Routes_RequireTheirRolesPolicy(string method, string pattern, string policy)
    {
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

        var endpoint = Assert.Single(endpoints, e =>
            e.RoutePattern.RawText?.TrimEnd('/') == pattern.TrimEnd('/')
            && e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(method) == true);

        Assert.Equal([policy], endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy));
    }

    [Fact]
    public async Task OpenApi_DescribesTheScheduleRoutes()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(Url("/openapi/v1.json"), Ct);

        var paths = (await JsonAsync(response, HttpStatusCode.OK)).GetProperty("paths");
        foreach (var path in new[] { "/api/schedules", "/api/schedules/{id}", "/api/schedules/{id}/trigger", "/api/schedules/{id}/runs", "/api/schedules/preview" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"no {path} in the OpenAPI document");
        }
    }
}
