using Jobs.Scheduling.Tests.Fakes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Jobs.Scheduling.Tests.Defaults;

public sealed class DefaultSchedulesTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Dictionary<string, string?> Enabled(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?> { ["Scheduling:Defaults:Enabled"] = "true" };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    [Fact]
    public async Task FirstStart_CreatesTheSeedSchedules_WithEnvironmentOverrides()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await SchedulingTestHost.StartAsync(_dir.Path, new FakeTimeProvider(Now),
            Enabled(("ETL_INTERVAL_MINUTES", "5"), ("HEATMAP_LEVELS", "2,4"), ("Scheduling:Defaults:HeatmapIntervalMinutes", "45")));

        var list = (await host.Schedules.ListAsync(ct)).ToDictionary(i => i.Name);

        Assert.Equal(["anomaly_detection", "cleanup", "daily_refresh", "etl", "heatmap", "hourly_refresh"], list.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("every 5 minutes", list["etl"].Summary);
        Assert.Equal("every 45 minutes", list["heatmap"].Summary);
        Assert.Equal("""{"levels":["2","4"]}""", list["heatmap"].Definition.Arguments);
        Assert.Equal("every hour", list["hourly_refresh"].Summary);
        Assert.Equal("every day", list["daily_refresh"].Summary);
        Assert.Equal("every 2 hours", list["anomaly_detection"].Summary);
        Assert.Equal("every day at 03:00 UTC", list["cleanup"].Summary);
        Assert.Equal("data_refresh", list["hourly_refresh"].Definition.JobType);
    }

    [Fact]
    public async Task FirstStart_FiresEachIntervalDefaultSecondsAfterStart_InTheOrderTheyFeedEachOther()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await SchedulingTestHost.StartAsync(_dir.Path, new FakeTimeProvider(Now), Enabled());

        var list = (await host.Schedules.ListAsync(ct)).ToDictionary(i => i.Name);

        Assert.Equal(Now.AddSeconds(10), list["etl"].NextFireTime);
        Assert.Equal(Now.AddSeconds(13), list["heatmap"].NextFireTime);
        Assert.Equal(Now.AddSeconds(16), list["hourly_refresh"].NextFireTime);
        Assert.Equal(Now.AddSeconds(19), list["daily_refresh"].NextFireTime);
        Assert.Equal(Now.AddSeconds(22), list["anomaly_detection"].NextFireTime);
        // Then once per interval from there; the daily cron is left as it is.
        Assert.Equal("every 15 minutes", list["etl"].Summary);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero), list["cleanup"].NextFireTime);
    }

    [Fact]
    public async Task FirstStart_FiresTheIntervalDefaultsOneIntervalAfterStart_WhenFirstRunDelayIsZero()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await SchedulingTestHost.StartAsync(_dir.Path, new FakeTimeProvider(Now), Enabled(("Scheduling:Defaults:FirstRunDelay", "00:00:00")));

        var list = (await host.Schedules.ListAsync(ct)).ToDictionary(i => i.Name);

        Assert.Equal(Now.AddMinutes(15), list["etl"].NextFireTime);
        Assert.Equal(Now.AddHours(2), list["anomaly_detection"].NextFireTime);
    }

    [Fact]
    public async Task Restart_KeepsTheUsersEditAndDeletion()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(Now);
        await using (var first = await SchedulingTestHost.StartAsync(_dir.Path, time, Enabled()))
        {
            Assert.True(await first.Schedules.DeleteAsync("heatmap", ct));
            var etl = (await first.Schedules.GetAsync("etl", ct))!.Definition;
            etl.Every = "1h";
            await first.Schedules.UpdateAsync("etl", etl, ct);
        }

        await using var second = await SchedulingTestHost.StartAsync(_dir.Path, time, Enabled());

        Assert.Null(await second.Schedules.GetAsync("heatmap", ct));
        Assert.Equal("every hour", (await second.Schedules.GetAsync("etl", ct))!.Summary);
        Assert.Equal(5, (await second.Schedules.ListAsync(ct)).Count);
    }

    [Fact]
    public async Task FirstStart_SkipsADefault_WhoseJobTypeIsNotRegistered()
    {
        await using var host = await SchedulingTestHost.StartAsync(_dir.Path, new FakeTimeProvider(Now), Enabled(), registerBuiltInStandIns: false);

        var names = (await host.Schedules.ListAsync(TestContext.Current.CancellationToken)).Select(s => s.Definition.Name).Order(StringComparer.Ordinal);

        // etl, heatmap and data_refresh are not registered here; cleanup and anomaly_detection come with the engine.
        Assert.Equal(["anomaly_detection", "cleanup"], names);
    }

    [Fact]
    public async Task InvalidIntervalVariable_StopsStart_NamingTheVariable()
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            SchedulingTestHost.StartAsync(_dir.Path, new FakeTimeProvider(Now), Enabled(("ETL_INTERVAL_MINUTES", "soon"))));

        Assert.Contains("ETL_INTERVAL_MINUTES must be a whole number of minutes from 1 to 525600 (was 'soon')", ex.Message, StringComparison.Ordinal);
    }
}
