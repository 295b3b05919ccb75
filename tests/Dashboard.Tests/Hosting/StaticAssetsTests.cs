using System.Net;
using Jobs.Dashboard.Tests.Infrastructure;

namespace Jobs.Dashboard.Tests.Hosting;

public sealed class StaticAssetsTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Theory]
    [InlineData("/favicon.ico", "image/x-icon")]
    [InlineData("/favicon.svg", "image/svg+xml")]
    [InlineData("/css/dashboard.css", "text/css")]
    [InlineData("/js/dashboard.js", "text/javascript")]
    public async Task GetAsset_ServesTheFileFromWwwrootAssets(string path, string mediaType)
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

    [Fact]
    public async Task GetUnknownPage_Answers404WithTheNotFoundPage()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/no/such/page", UriKind.Relative), ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("There is no page at this address.", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }
}
