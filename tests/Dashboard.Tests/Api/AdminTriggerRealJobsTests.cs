using System.Globalization;
using System.Net;
using Jobs.Dashboard.Api.Admin;
using Jobs.Dashboard.Tests.Infrastructure;
using static Jobs.Dashboard.Tests.Api.ApiTestHttp;

namespace Jobs.Dashboard.Tests.Api;

/// <summary>The app with an admin key, <c>HEATMAP_LEVELS=1,2</c> and the product's own <c>etl</c> and <c>heatmap</c> jobs (no stand-ins).</summary>
public sealed class RealJobsAdminFactory : DashboardFactory
{
    public const string Key = "real-admin-key";

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("Admin:ApiKey", Key), new(AdminTriggerOptions.HeatmapLevelsVariable, "1,2")];

    /// <summary>The inbox the <c>etl</c> job reads.</summary>
    public string Inbox => Path.Combine(DataDirectory, "inbox");

    /// <summary>Drops an event file into the inbox.</summary>
    public void DropFile(string name, string csv)
    {
        Directory.CreateDirectory(Inbox);
        // Written aside and moved in, as a sender should, so the etl never sees half a file.
        var temporary = Path.Combine(DataDirectory, name + ".part");
        File.WriteAllText(temporary, csv);
        File.Move(temporary, Path.Combine(Inbox, name));
    }
}

/// <summary>The seed's <c>/admin/run-jobs</c> end to end: a file dropped in the inbox, loaded by the real <c>etl</c>, summed by the real <c>heatmap</c>.</summary>
public sealed class AdminTriggerRealJobsTests(RealJobsAdminFactory factory) : IClassFixture<RealJobsAdminFactory>
{
    private const string Header = "time,region,level,category,value\n";

    private async Task<JsonElementAndStatus> PostAsync(string body)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, Url("/admin/run-jobs")) { Content = RawJson(body) };
        request.Headers.Add(AdminTriggerEndpoints.ApiKeyHeader, RealJobsAdminFactory.Key);
        using var response = await client.SendAsync(request, Ct);
        return new JsonElementAndStatus(response.StatusCode, await JsonAsync(response, response.StatusCode));
    }

    [Fact]
    public async Task RunJobs_HeatmapForLevelAndDate_ReturnsTheSeedsShapeWithTheSumOfTheDroppedFile()
    {
        factory.DropFile("events-2025-11-15.csv", Header
            + "2025-11-15T08:00:00Z,north,1,protest,12.5\n"
            + "2025-11-15T09:30:00Z,south,1,protest,7.25\n"
            + "2025-11-15T10:00:00Z,east,2,conflict,20\n"
            + "2025-11-16T00:00:00Z,north,1,protest,100\n");
        var etl = await PostAsync("""{"tasks":["etl"]}""");
        Assert.True(etl.Status == HttpStatusCode.OK, etl.Body.ToString());

        var answer = await PostAsync("""{"tasks":["heatmap"],"levels":["1"],"date":"2025-11-15"}""");

        Assert.True(answer.Status == HttpStatusCode.OK, answer.Body.ToString());
        Assert.Equal("ok", answer.Body.GetProperty("status").GetString());
        var result = Assert.Single(answer.Body.GetProperty("results").EnumerateArray());
        Assert.Equal("ok", result.GetProperty("status").GetString());
        Assert.Equal("heatmap", result.GetProperty("job").GetString());
        var cell = Assert.Single(result.GetProperty("results").EnumerateArray());
        Assert.Equal(["level", "date", "sum"], cell.EnumerateObject().Select(p => p.Name));
        Assert.Equal("1", cell.GetProperty("level").GetString());
        Assert.Equal("2025-11-15", cell.GetProperty("date").GetString());
        // 12.5 + 7.25: level 2 and the next day's event are not in it.
        Assert.Equal(19.75, cell.GetProperty("sum").GetDouble());
    }

    [Fact]
    public async Task RunJobs_DefaultBody_LoadsTheInboxWithEtlThenSumsTodayWithHeatmap()
    {
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        var day = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        factory.DropFile($"events-{day}.csv", Header
            + $"{day}T00:00:01Z,north,1,protest,3\n"
            + $"{day}T00:00:02Z,west,1,outage,4.5\n"
            + $"{day}T00:00:03Z,south,2,displacement,11\n"
            + $"{day}T00:00:04Z,east,3,conflict,99\n");

        var answer = await PostAsync("{}");

        Assert.True(answer.Status == HttpStatusCode.OK, answer.Body.ToString());
        var results = answer.Body.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["etl", "heatmap"], results.Select(r => r.GetProperty("job").GetString()));
        var etl = results[0].GetProperty("result");
        Assert.Equal(1, etl.GetProperty("filesLoaded").GetInt32());
        Assert.Equal(4, etl.GetProperty("eventsLoaded").GetInt32());
        Assert.True(File.Exists(Path.Combine(factory.Inbox, "processed", $"events-{day}.csv")), "The loaded file was not moved to processed/.");
        // HEATMAP_LEVELS=1,2 and today: the level-3 event is left out.
        var cells = results[1].GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["1", "2"], cells.Select(c => c.GetProperty("level").GetString()));
        Assert.All(cells, c => Assert.Equal(day, c.GetProperty("date").GetString()));
        Assert.Equal([7.5, 11.0], cells.Select(c => c.GetProperty("sum").GetDouble()));
        Assert.True(results[0].GetProperty("jobId").GetInt64() < results[1].GetProperty("jobId").GetInt64());
    }

    private sealed record JsonElementAndStatus(HttpStatusCode Status, System.Text.Json.JsonElement Body);
}
