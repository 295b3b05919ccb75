using Jobs.Anomalies;
using Jobs.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Jobs.Tests.Anomalies;

/// <summary>Anomaly settings: the seed's environment variables win over the section; bad values stop start-up.</summary>
public sealed class AnomalyOptionsTests
{
    [Fact]
    public async Task Thresholds_ComeFromTheSeedVariables_OverTheSection()
    {
        await using var engine = await TestEngine.StartAsync(new()
        {
            ["Anomalies:ZScoreThreshold"] = "2.2",
            ["Anomalies:StlThreshold"] = "4",
            ["ANOMALY_ZSCORE_THRESHOLD"] = "2.5",
        });

        var options = engine.Host.Services.GetRequiredService<IOptions<AnomalyDetectionOptions>>().Value;

        Assert.Equal(2.5, options.ZScoreThreshold);
        Assert.Equal(4, options.StlThreshold);
    }

    [Fact]
    public async Task Defaults_AreTheSeedsAndTheIssues()
    {
        await using var engine = await TestEngine.StartAsync();

        var options = engine.Host.Services.GetRequiredService<IOptions<AnomalyDetectionOptions>>().Value;

        Assert.Equal(2.0, options.ZScoreThreshold);
        Assert.Equal(3.5, options.StlThreshold);
        Assert.Equal(TimeSpan.FromHours(1), options.MetricsStep);
    }

    [Theory]
    [InlineData("ANOMALY_STL_THRESHOLD", "abc", "ANOMALY_STL_THRESHOLD")]
    [InlineData("ANOMALY_ZSCORE_THRESHOLD", "-1", "ANOMALY_ZSCORE_THRESHOLD")]
    [InlineData("Anomalies:MetricsStep", "00:00:10", "Anomalies:MetricsStep")]
    public async Task Start_Fails_NamingTheKey_WhenASettingIsBad(string key, string value, string named)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestEngine.StartAsync(new() { [key] = value }));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
