using System.Text.Json;
using Jobs.Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Dashboard.Tests.Hosting;

public sealed class ConfigurationTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public void Configuration_ReadsRootAppSettings_WhenContentRootIsProjectFolder()
    {
        // WebApplicationFactory puts the content root at src/Dashboard, which has no appsettings.json of its own.
        using var root = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "appsettings.json")));
        var expectedUrls = root.RootElement.GetProperty("Urls").GetString();

        var configuration = factory.Services.GetRequiredService<IConfiguration>();

        Assert.NotNull(expectedUrls);
        Assert.Equal(expectedUrls, configuration["Urls"]);
        Assert.Equal(
            root.RootElement.GetProperty("JobEngine").GetProperty("Workers").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
            configuration["JobEngine:Workers"]);
    }

    [Fact]
    public void Configuration_LetsTestSettingsOverrideTheFile_WhenDataDirectoryIsGiven()
    {
        var configuration = factory.Services.GetRequiredService<IConfiguration>();

        Assert.Equal(factory.DataDirectory, configuration["Storage:DataDirectory"]);
    }
}
