using System.Net;
using System.Text.RegularExpressions;
using Jobs.Client;
using Jobs.Dashboard.Tests.Infrastructure;
using Jobs.Model;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Dashboard.Tests.Home;

public sealed partial class HomePageTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task GetHome_ShowsCountsFromTheStore_WhenAJobIsScheduled()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = factory.CreateClient();
        var jobs = factory.Services.GetRequiredService<IJobClient>();
        var queries = factory.Services.GetRequiredService<IJobQueries>();
        var before = await queries.CountByStateAsync(ct);

        // An hour away: it stays Scheduled for the whole test.
        await jobs.EnqueueAsync(new JobRequest { Type = "noop", Delay = TimeSpan.FromHours(1) }, ct);
        using var response = await client.GetAsync(new Uri("/", UriKind.Relative), ct);
        var html = await response.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1>Jobs</h1>", html, StringComparison.Ordinal);
        Assert.Equal(before.GetValueOrDefault(JobState.Scheduled) + 1, CountIn(html, "Scheduled"));
        foreach (var state in Enum.GetValues<JobState>())
        {
            Assert.NotNull(CountIn(html, state.ToString()));
        }

        Assert.Equal(before.Values.Sum() + 1, CountIn(html, "Total"));
    }

    [Fact]
    public async Task GetHome_ListsSampleJobTypesAndHealthLink_WhenAppRuns()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = factory.CreateClient();

        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative), ct);

        Assert.Contains("<code>noop</code>", html, StringComparison.Ordinal);
        Assert.Contains("<code>demo.count</code>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/health/ready\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/favicon.ico", "image/x-icon")]
    [InlineData("/favicon.svg", "image/svg+xml")]
    public async Task GetFavicon_ServesTheAsset_WhenRequested(string path, string mediaType)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        var onDisk = await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Root, "wwwroot-assets", path.TrimStart('/')), ct);
        Assert.Equal(onDisk, bytes);
    }

    private static long? CountIn(string html, string state)
    {
        var match = CountCell().Match(html.Replace("\"" + state + "\"", "\"@\"", StringComparison.Ordinal));
        return match.Success ? long.Parse(match.Groups["count"].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    [GeneratedRegex("""<tr data-state="@">.*?<td class="count">(?<count>\d+)</td>""", RegexOptions.Singleline)]
    private static partial Regex CountCell();
}
