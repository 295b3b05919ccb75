using System.Net;
using System.Net.Http.Json;
using Jobs.Dashboard.Tests.Fakes;
using Jobs.Dashboard.Tests.Infrastructure;
using Jobs.Model;
using static Jobs.Dashboard.Tests.Api.ApiTestHttp;

namespace Jobs.Dashboard.Tests.Api;

public sealed class DeadLetterApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private async Task<long> DeadLetteredAsync(HttpClient client, string message)
    {
        var id = await ApiFactory.CreateAsync(client, new { type = FailingJob.Name, args = new { message } });
        Assert.Equal(JobState.DeadLettered, await factory.WaitFinishedAsync(id));
        return id;
    }

    [Fact]
    public async Task DeadLetter_ListsRetriesAndPurges()
    {
        using var client = factory.CreateClient();
        var a = await DeadLetteredAsync(client, "a");
        var b = await DeadLetteredAsync(client, "b");
        var c = await DeadLetteredAsync(client, "c");

        using var list = await client.GetAsync(Url("/api/dead-letter"), Ct);
        var page = await JsonAsync(list, HttpStatusCode.OK);
        Assert.Equal([c, b, a], page.GetProperty("items").EnumerateArray().Select(j => j.GetProperty("id").GetInt64()));
        var group = Assert.Single(page.GetProperty("groups").EnumerateArray());
        Assert.Equal(FailingJob.Name, group.GetProperty("jobType").GetString());
        Assert.Equal(3, group.GetProperty("count").GetInt64());

        // Some: only a; all: b and c.
        using var some = await client.PostAsJsonAsync(Url("/api/dead-letter/retry"), new { ids = new[] { a } }, Ct);
        Assert.Equal(1, (await JsonAsync(some, HttpStatusCode.OK)).GetProperty("count").GetInt32());
        Assert.Equal(JobState.DeadLettered, await factory.WaitFinishedAsync(a));
        using var all = await client.PostAsJsonAsync(Url("/api/dead-letter/retry"), new { all = true }, Ct);
        Assert.Equal(3, (await JsonAsync(all, HttpStatusCode.OK)).GetProperty("count").GetInt32());
        foreach (var id in new[] { a, b, c })
        {
            Assert.Equal(JobState.DeadLettered, await factory.WaitFinishedAsync(id));
        }

        // Purge: none is older than a week; then all go.
        using var old = await client.DeleteAsync(Url("/api/dead-letter?olderThan=7d"), Ct);
        Assert.Equal(0, (await JsonAsync(old, HttpStatusCode.OK)).GetProperty("count").GetInt32());
        using var purge = await client.DeleteAsync(Url("/api/dead-letter"), Ct);
        Assert.Equal(3, (await JsonAsync(purge, HttpStatusCode.OK)).GetProperty("count").GetInt32());
        using var empty = await client.GetAsync(Url("/api/dead-letter"), Ct);
        Assert.Empty((await JsonAsync(empty, HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        using var gone = await client.GetAsync(Url($"/api/jobs/{a}"), Ct);
        await Problem.AssertAsync(gone, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"ids\":[1],\"all\":true}")]
    [InlineData("{\"ids\":[]}")]
    [InlineData("{\"all\":false}")]
    public async Task Retry_Returns400WithIdsError_WhenNeitherOrBothAreGiven(string body)
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsync(Url("/api/dead-letter/retry"), RawJson(body), Ct);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.NotEmpty(Problem.Errors(problem, "ids"));
    }

    [Theory]
    [InlineData("{\"ids\":[1,")]
    [InlineData("{\"ids\":\"all\"}")]
    [InlineData("")]
    public async Task Retry_Returns400Problem_WhenBodyIsMalformed(string body)
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsync(Url("/api/dead-letter/retry"), RawJson(body), Ct);

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("/api/dead-letter?olderThan=a-week", "DELETE", "olderThan")]
    [InlineData("/api/dead-letter?limit=-1", "GET", "limit")]
    public async Task DeadLetter_Returns400WithFieldError_WhenAParameterIsInvalid(string url, string method, string field)
    {
        using var client = factory.CreateClient();

        using var request = new HttpRequestMessage(new HttpMethod(method), Url(url));
        using var response = await client.SendAsync(request, Ct);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.NotEmpty(Problem.Errors(problem, field));
    }
}
