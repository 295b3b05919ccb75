using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jobs.Dashboard.Api.Admin;
using Jobs.Dashboard.Tests.Infrastructure;
using Jobs.Model;
using Microsoft.Extensions.DependencyInjection;
using static Jobs.Dashboard.Tests.Api.ApiTestHttp;

namespace Jobs.Dashboard.Tests.Api;

/// <summary><c>POST /api/pipelines</c> with the real pipeline job types: the shipped example runs as a chain; bad documents are refused whole.</summary>
public sealed class PipelinesApiTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    /// <summary>The example shipped in sample-data, with its CSV path made absolute (this app's data folder is a temp folder).</summary>
    internal static string ExamplePipeline()
    {
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "sample-data", "pipelines", "events-report.json")))!;
        var load = document["steps"]![0]!["args"]!;
        load["path"] = Path.Combine(RepositoryPaths.Root, "sample-data", Path.GetFileName(load["path"]!.GetValue<string>()));
        return document.ToJsonString();
    }

    [Fact]
    public async Task Submit_Answers201WithAJobPerStep_AndTheExampleChainSucceedsWithAReport()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsync(Url("/api/pipelines"), RawJson(ExamplePipeline()), Ct);

        var body = await JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal("events-report", body.GetProperty("name").GetString());
        var steps = body.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(["load", "validate", "statistics", "report"], steps.Select(s => s.GetProperty("step").GetString()));
        Assert.Equal(["file_ingestion", "data_validation", "statistical_analysis", "report_generation"], steps.Select(s => s.GetProperty("type").GetString()));
        var ids = steps.Select(s => s.GetProperty("jobId").GetInt64()).ToList();
        Assert.Equal($"/api/jobs/{ids[0]}", response.Headers.Location?.OriginalString);
        Assert.Equal("awaitingDependencies", steps[3].GetProperty("state").GetString());

        var awaiter = factory.Services.GetRequiredService<JobOutcomeAwaiter>();
        var report = await awaiter.WaitAsync(ids[3], TimeSpan.FromSeconds(60), Ct);
        Assert.Equal(JobState.Succeeded, report?.Summary.State);
        var statistics = await client.GetStringAsync(Url($"/api/jobs/{ids[2]}"), Ct);
        using (var stats = JsonDocument.Parse(statistics))
        {
            // 6 rows in the CSV, all valid; the value column's mean is the CSV's (12.5+20+35+8+...)/6.
            var result = stats.RootElement.GetProperty("result");
            Assert.Equal(6, result.GetProperty("rows").GetInt64());
            Assert.Equal(6, result.GetProperty("columns").GetProperty("value").GetProperty("count").GetInt64());
        }

        var artifacts = await client.GetStringAsync(Url($"/api/jobs/{ids[3]}/artifacts"), Ct);
        Assert.Contains("report.html", artifacts, StringComparison.Ordinal);

        // The chain is there as dependencies: the report waits for the statistics.
        using var reportJob = JsonDocument.Parse(await client.GetStringAsync(Url($"/api/jobs/{ids[3]}"), Ct));
        Assert.Contains(ids[2], reportJob.RootElement.GetProperty("dependsOn").EnumerateArray().Select(d => d.GetProperty("jobId").GetInt64()));

        var audit = await client.GetStringAsync(Url("/api/audit?targetType=pipeline&targetId=events-report"), Ct);
        using var entries = JsonDocument.Parse(audit);
        var entry = Assert.Single(Items(entries.RootElement));
        Assert.Equal("pipeline.submit", entry.GetProperty("action").GetString());
        Assert.Equal("local", entry.GetProperty("actor").GetString());
        Assert.Equal($"steps load={ids[0]}, validate={ids[1]}, statistics={ids[2]}, report={ids[3]}", entry.GetProperty("details").GetString());
    }

    [Fact]
    public async Task Submit_Answers400NamingTheStep_WhenADependencyNamesNoStep()
    {
        var problem = await RefusedAsync("bad-reference", """
            {"name":"bad-reference","steps":[
              {"name":"load","type":"file_ingestion","args":{"path":"x.csv"}},
              {"name":"check","type":"data_validation","dependsOn":["lod"],"args":{"input":{"fromStep":"load"},"schema":{}}}
            ]}
            """);

        Assert.Equal(["No step is named 'lod'."], Problem.Errors(problem, "steps[1].dependsOn"));
    }

    [Fact]
    public async Task Submit_Answers400NamingTheStep_WhenAJobTypeIsUnknown()
    {
        var problem = await RefusedAsync("bad-type", """
            {"name":"bad-type","steps":[
              {"name":"load","type":"file_ingestion","args":{"path":"x.csv"}},
              {"name":"shout","type":"no_such_type","dependsOn":["load"]}
            ]}
            """);

        Assert.StartsWith("Unknown job type 'no_such_type'.", Assert.Single(Problem.Errors(problem, "steps[1].type")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_Answers400_WhenTheStepsDependOnEachOtherInACycle()
    {
        var problem = await RefusedAsync("cycle", """
            {"name":"cycle","steps":[
              {"name":"a","type":"noop","dependsOn":["b"]},
              {"name":"b","type":"noop","dependsOn":["a"]}
            ]}
            """);

        Assert.Contains("cycle", Assert.Single(Problem.Errors(problem, "dependsOn")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_Answers400NamingTheField_WhenTheBodyIsNotAPipeline()
    {
        var problem = await RefusedAsync("malformed", """{"name":"malformed","steps":{"a":1}}""");

        Assert.Contains("steps", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>Posts the document, asserts a 400 problem, and that no job of the pipeline was enqueued.</summary>
    private async Task<JsonElement> RefusedAsync(string name, string document)
    {
        using var client = factory.CreateClient();
        using var response = await client.PostAsync(Url("/api/pipelines"), RawJson(document), Ct);
        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        using var jobs = JsonDocument.Parse(await client.GetStringAsync(Url($"/api/jobs?tag=pipeline:{name}"), Ct));
        Assert.Empty(jobs.RootElement.GetProperty("items").EnumerateArray());
        var audit = await client.GetStringAsync(Url($"/api/audit?targetType=pipeline&targetId={name}"), Ct);
        using var entries = JsonDocument.Parse(audit);
        Assert.Empty(Items(entries.RootElement));
        return problem;
    }

    private static JsonElement.ArrayEnumerator Items(JsonElement audit) =>
        audit.ValueKind == JsonValueKind.Array ? audit.EnumerateArray() : audit.GetProperty("items").EnumerateArray();
}
