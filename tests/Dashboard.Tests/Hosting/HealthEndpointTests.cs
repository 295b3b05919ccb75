using System.Net;
using System.Text.Json;
using Jobs.Dashboard.Tests.Infrastructure;

namespace Jobs.Dashboard.Tests.Hosting;

public sealed class HealthEndpointTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task GetLive_ReturnsHealthyWithoutChecks_WhenAppRuns()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/health/live", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        Assert.Empty(body.RootElement.GetProperty("entries").EnumerateObject());
    }

    [Fact]
    public async Task GetReady_ReportsJobsCheckHealthy_WhenEngineStarted()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        using var body = JsonDocument.Parse(text);
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        var jobs = body.RootElement.GetProperty("entries").GetProperty("jobs");
        Assert.Equal("Healthy", jobs.GetProperty("status").GetString());
        Assert.False(string.IsNullOrWhiteSpace(jobs.GetProperty("description").GetString()));
        Assert.Equal(JsonValueKind.Object, jobs.GetProperty("data").ValueKind);
    }
}
