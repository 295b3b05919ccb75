using Jobs.Scheduling.Configuration;
using Jobs.Scheduling.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Jobs.Scheduling.Tests.Cluster;

/// <summary>Which store Quartz gets: the engine's PostgreSQL database when the engine has one, else scheduler.db; ConnectionStrings:Scheduler wins.</summary>
public sealed class SchedulerStoreSettingsTests : IDisposable
{
    private const string Postgres = "Host=db.example;Database=jobs;Username=jobs";
    private readonly TempDirectory _dir = new();

    private static SchedulerStoreSettings From(params (string Key, string Value)[] settings) =>
        SchedulerStoreSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());

    [Fact]
    public void HostConnectionStringForTheEngine_PutsQuartzClusteredInTheSameDatabase()
    {
        var settings = From(("ConnectionStrings:Jobs", Postgres));

        Assert.Equal(new SchedulerStoreSettings(Postgres, SchedulerStoreProvider.PostgreSql), settings);
    }

    [Fact]
    public void SqliteEngine_KeepsSchedulerDbInTheDataDirectory()
    {
        var settings = From(("Storage:DataDirectory", _dir.Path));

        Assert.Equal(SchedulerStoreProvider.Sqlite, settings.Provider);
        Assert.Equal($"Data Source={Path.Combine(_dir.Path, "scheduler.db")}", settings.ConnectionString);
    }

    [Fact]
    public void SchedulerConnectionString_WinsOverTheEnginesDatabase()
    {
        const string other = "Host=quartz.example;Database=quartz";

        var settings = From(("ConnectionStrings:Jobs", Postgres), ("ConnectionStrings:Scheduler", other));

        Assert.Equal(new SchedulerStoreSettings(other, SchedulerStoreProvider.PostgreSql), settings);
    }

    [Fact]
    public async Task ClusterCheckinIntervalOutOfRange_StopsStart_NamingTheKey()
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            SchedulingTestHost.StartAsync(_dir.Path, new FakeTimeProvider(), new Dictionary<string, string?> { ["Scheduling:ClusterCheckinInterval"] = "00:00:00.1" }));

        Assert.Contains("Scheduling:ClusterCheckinInterval must be from 0.5 seconds to 10 minutes (was 00:00:00.1000000)", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
