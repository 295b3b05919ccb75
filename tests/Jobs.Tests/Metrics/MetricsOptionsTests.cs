using Jobs.Metrics;
using Jobs.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Jobs.Tests.Metrics;

/// <summary>The <c>Metrics</c> section: defaults, and start-up refusing bad values with the key named.</summary>
public sealed class MetricsOptionsTests
{
    [Fact]
    public async Task Defaults_SampleEveryTenSeconds_KeepSixHours_PersistEveryFiveMinutes()
    {
        await using var engine = await TestEngine.StartAsync();

        var options = engine.Host.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;

        Assert.Equal((true, TimeSpan.FromSeconds(10), TimeSpan.FromHours(6), TimeSpan.FromMinutes(5)), (options.Enabled, options.SampleInterval, options.History, options.PersistInterval));
        Assert.Equal(2_160, engine.Host.Services.GetRequiredService<ProcessSampleBuffer>().Capacity);
    }

    [Theory]
    [InlineData("Metrics:SampleInterval", "00:00:00.500", "Metrics:SampleInterval")]
    [InlineData("Metrics:History", "8.00:00:00", "Metrics:History")]
    [InlineData("Metrics:PersistInterval", "00:00:05", "Metrics:PersistInterval")]
    public async Task Start_Fails_NamingTheKey_WhenASettingIsBad(string key, string value, string named)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestEngine.StartAsync(new() { [key] = value }));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
