using Jobs.Series;
using System.Text.Json;
using Jobs.BuiltIn.SampleDomain;
using Jobs.Client;
using Jobs.Handlers;
using Jobs.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Tests.BuiltIn;

public sealed class SamplePipelineTests
{
    private const string DayFile = """
        time,region,level,category,value
        2026-01-01T01:00:00Z,North ,1,protest,10
        2026-01-01T02:00:00Z,north,1,Protest,20
        2026-01-01T03:00:00Z,south,2,conflict,5
        2026-01-01T04:00:00Z,south,3,outage,4
        2025-12-31T23:00:00+00:00,east,3,conflict,100
        """;

    [Fact]
    public async Task EtlHeatmapAndRefresh_ProduceExactEventsCellsAndRiskIndex_WhenAFileIsDropped()
    {
        await using var engine = await BuiltInEngine.StartAsync();
        await engine.DropAsync("day.csv", DayFile);

        var etl = BuiltInEngine.Result<EtlResult>(await engine.RunAsync("etl"));
        Assert.Equal((1, 0, 0, 5), (etl.FilesLoaded, etl.FilesDuplicate, etl.FilesRejected, etl.EventsLoaded));
        await using (var db = await engine.SampleDbAsync())
        {
            var events = await db.Events.OrderBy(e => e.SourceLine).ToListAsync(TestContext.Current.CancellationToken);
            Assert.Equal(
                ["2026-01-01T01:00:00 north 1 protest 10", "2026-01-01T02:00:00 north 1 protest 20", "2026-01-01T03:00:00 south 2 conflict 5",
                 "2026-01-01T04:00:00 south 3 outage 4", "2025-12-31T23:00:00 east 3 conflict 100"],
                events.Select(e => FormattableString.Invariant($"{e.OccurredAt:yyyy-MM-ddTHH:mm:ss} {e.Region} {e.Level} {e.Category} {e.Value}")));
            Assert.All(events, e => Assert.Equal(DateTimeKind.Utc, DateTime.SpecifyKind(e.OccurredAt, DateTimeKind.Utc).Kind));
        }

        Assert.True(File.Exists(Path.Combine(engine.Paths.Processed, "day.csv")));
        Assert.Empty(Directory.EnumerateFiles(engine.Paths.Inbox));

        // The heatmap of "today" (the fake clock's 2026-01-01), default levels 1,2,3: the seed's shape, floats with a decimal point.
        var heatmap = await engine.RunAsync("heatmap");
        Assert.Equal("""[{"level":"1","date":"2026-01-01","sum":30.0},{"level":"2","date":"2026-01-01","sum":5.0},{"level":"3","date":"2026-01-01","sum":4.0}]""", heatmap.Result);
        await using (var db = await engine.SampleDbAsync())
        {
            var cells = await db.HeatmapCells.OrderBy(c => c.Level).ThenBy(c => c.Region).ToListAsync(TestContext.Current.CancellationToken);
            Assert.Equal(["2026-01-01 1 north 30 2", "2026-01-01 2 south 5 1", "2026-01-01 3 south 4 1"],
                cells.Select(c => FormattableString.Invariant($"{c.Day:yyyy-MM-dd} {c.Level} {c.Region} {c.Sum} {c.Count}")));
        }

        // Incremental refresh: enriches all five events (weights 10, 20, 10, 12, 300) and recomputes both days they fall on.
        var refresh = BuiltInEngine.Result<DataRefreshResult>(await engine.RunAsync("data_refresh", new { mode = "incremental" }));
        Assert.Equal([RefreshComponent.Ingestion, RefreshComponent.Enrichment, RefreshComponent.Risk, RefreshComponent.Heatmap], refresh.Components);
        Assert.Equal(5, refresh.EventsEnriched);
        Assert.Equal(0, refresh.Ingestion!.FilesLoaded);
        await using (var db = await engine.SampleDbAsync())
        {
            var risk = await db.RiskIndex.OrderBy(r => r.Day).ThenBy(r => r.Region).ToListAsync(TestContext.Current.CancellationToken);
            Assert.Equal(
                ["2025-12-31 * 300 1", "2025-12-31 east 300 1", "2026-01-01 * 13 4", "2026-01-01 north 15 2", "2026-01-01 south 11 2"],
                risk.Select(r => FormattableString.Invariant($"{r.Day:yyyy-MM-dd} {r.Region} {r.Value} {r.Events}")));
            Assert.Equal([10.0, 20, 10, 12, 300], await db.Events.OrderBy(e => e.SourceLine).Select(e => e.Weight!.Value).ToListAsync(TestContext.Current.CancellationToken));
            Assert.Equal(4, await db.HeatmapCells.CountAsync(TestContext.Current.CancellationToken));
        }

        Assert.Equal(13, refresh.RiskIndex!.Single(d => d.Date == new DateOnly(2026, 1, 1)).Overall);
        // The overall index per day is also the risk_index series that anomaly detection watches.
        var series = await engine.Host.Services.GetRequiredService<ISeriesStore>().ReadAsync("risk_index", null, null, TestContext.Current.CancellationToken);
        Assert.Equal(
            [new SeriesPoint(new DateTimeOffset(2025, 12, 31, 0, 0, 0, TimeSpan.Zero), 300), new SeriesPoint(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), 13)],
            series);
    }

    [Fact]
    public async Task Heatmap_ReturnsTheSeedShape_ForGivenLevelsAndDate()
    {
        await using var engine = await BuiltInEngine.StartAsync();
        await engine.DropAsync("day.csv", DayFile);
        await engine.RunAsync("etl");

        // The body of the seed's /admin/run-jobs minus "tasks": levels as strings, a date.
        var job = await engine.RunAsync("heatmap", """{"levels":["1"],"date":"2026-01-01"}""");
        Assert.Equal("""[{"level":"1","date":"2026-01-01","sum":30.0}]""", job.Result);

        var other = await engine.RunAsync("heatmap", """{"levels":["3"],"date":"2025-12-31"}""");
        Assert.Equal("""[{"level":"3","date":"2025-12-31","sum":100.0}]""", other.Result);
    }

    [Fact]
    public async Task Heatmap_TakesItsDefaultLevelsFromHEATMAP_LEVELS()
    {
        await using var engine = await BuiltInEngine.StartAsync(settings: new() { ["HEATMAP_LEVELS"] = "3, 1" });
        await engine.DropAsync("day.csv", DayFile);
        await engine.RunAsync("etl");
        var job = await engine.RunAsync("heatmap");
        Assert.Equal("""[{"level":"3","date":"2026-01-01","sum":4.0},{"level":"1","date":"2026-01-01","sum":30.0}]""", job.Result);
    }

    [Fact]
    public async Task Start_FailsWithTheKey_WhenHEATMAP_LEVELSIsInvalid()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => BuiltInEngine.StartAsync(settings: new() { ["HEATMAP_LEVELS"] = "1,x" }));
        Assert.Contains("BuiltInJobs:HeatmapLevels (HEATMAP_LEVELS)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Heatmap_IsRefusedAtEnqueue_WhenALevelIsOutOfRange()
    {
        await using var engine = await BuiltInEngine.StartAsync();
        var error = await Assert.ThrowsAsync<JobValidationException>(() => engine.EnqueueAsync("heatmap", """{"levels":["4"]}"""));
        Assert.Contains("levels: every level must be 1, 2 or 3.", error.Errors["args"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task DataRefresh_RunsOnlyTheNamedComponents_WithItsArguments()
    {
        await using var engine = await BuiltInEngine.StartAsync();
        await engine.DropAsync("day.csv", DayFile);
        await engine.RunAsync("etl");

        var job = await engine.RunAsync("data_refresh", """{"mode":"incremental","components":["heatmap"],"date":"2025-12-31","levels":["3"]}""");
        var result = BuiltInEngine.Result<DataRefreshResult>(job);
        Assert.Equal([RefreshComponent.Heatmap], result.Components);
        Assert.Null(result.Ingestion);
        Assert.Null(result.EventsEnriched);
        Assert.Null(result.RiskIndex);
        Assert.Equal([new HeatmapLevelSum("3", "2025-12-31", 100)], result.Heatmap);
        Assert.Equal(1, job.Summary.Progress?.Fraction);
        await using var db = await engine.SampleDbAsync();
        Assert.Equal(0, await db.RiskIndex.CountAsync(TestContext.Current.CancellationToken));
        Assert.True(await db.Events.AllAsync(e => e.Weight == null, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task DataRefresh_GivesEachComponentItsShareOfTheProgressBar()
    {
        await using var engine = await BuiltInEngine.StartAsync();
        await engine.DropAsync("day.csv", DayFile);
        await engine.RunAsync("etl");
        using var scope = engine.Host.Services.CreateScope();
        var job = scope.ServiceProvider.GetRequiredService<DataRefreshJob>();
        var context = new RecordingJobContext(1000, "data_refresh");
        await job.HandleAsync(JsonSerializer.Deserialize<DataRefreshArgs>("""{"components":["risk","enrichment"]}""", JobJson.Options)!, context);
        Assert.Equal([
            "0 [1/2 enrichment] starting",
            "0.5 [1/2 enrichment] 5 events enriched",
            "0.5 [2/2 risk] starting",
            "1 [2/2 risk] risk index of 2 day(s) stored",
            "1 Refresh done"], context.Reports.Select(r => FormattableString.Invariant($"{r.Fraction} {r.Message}")));
    }

    [Fact]
    public async Task DataRefresh_IsRefusedAtEnqueue_WhenAComponentIsUnknown()
    {
        await using var engine = await BuiltInEngine.StartAsync();
        var error = await Assert.ThrowsAsync<JobValidationException>(() => engine.EnqueueAsync("data_refresh", """{"components":["nlp"]}"""));
        Assert.Contains("args", error.Errors.Keys);
    }

    [Fact]
    public async Task DataRefreshFull_RecomputesEveryDay()
    {
        await using var engine = await BuiltInEngine.StartAsync();
        await engine.DropAsync("day.csv", DayFile);
        var result = BuiltInEngine.Result<DataRefreshResult>(await engine.RunAsync("data_refresh", """{"mode":"full","levels":[3]}"""));
        Assert.Equal(1, result.Ingestion!.FilesLoaded);
        Assert.Equal([new DateOnly(2025, 12, 31), new DateOnly(2026, 1, 1)], result.RiskIndex!.Select(d => d.Date));
        Assert.Equal([300.0, 13], result.RiskIndex!.Select(d => d.Overall));
        Assert.Equal(["2025-12-31:100", "2026-01-01:4"], result.Heatmap!.Select(h => FormattableString.Invariant($"{h.Date}:{h.Sum}")));
    }

    [Fact]
    public async Task Etl_RejectsABadFileWithEveryReason_LoadsNothingFromIt_AndLoadsTheSameContentOnce()
    {
        await using var engine = await BuiltInEngine.StartAsync();
        await engine.DropAsync("a.csv", DayFile);
        await engine.DropAsync("b.jsonl", """
            {"time":"2026-01-01T05:00:00Z","region":"west","level":2,"category":"protest","value":7}

            {"time":"2026-01-01T06:00:00Z","region":"west","level":1,"category":"protest","value":3.5}
            """);
        await engine.DropAsync("c-copy.csv", DayFile);
        await engine.DropAsync("d-bad.csv", """
            time,region,level,category,value
            2026-01-01T01:00:00Z,north,1,protest,10
            yesterday,north,1,protest,10
            2026-01-01T01:00:00Z,north,4,protest,abc
            2026-01-01T01:00:00Z,north,1
            """);

        var result = BuiltInEngine.Result<EtlResult>(await engine.RunAsync("etl"));
        Assert.Equal(["a.csv loaded 5", "b.jsonl loaded 2", "c-copy.csv duplicate 0", "d-bad.csv rejected 0"], result.Files.Select(f => $"{f.File} {f.Status} {f.Events}"));
        var reason = await File.ReadAllLinesAsync(Path.Combine(engine.Paths.Rejected, "d-bad.csv.reason.txt"), TestContext.Current.CancellationToken);
        Assert.Equal([
            "Line 3: time 'yesterday' is not an ISO-8601 date and time.",
            "Line 4: level '4' must be 1, 2 or 3; value 'abc' is not a number.",
            "Line 5: expected 5 fields, found 3."], reason.Skip(1));
        Assert.True(File.Exists(Path.Combine(engine.Paths.Rejected, "d-bad.csv")));
        Assert.True(File.Exists(Path.Combine(engine.Paths.Processed, "c-copy.csv")));

        // The same content under the same name again: recognised, moved beside the first (renamed), not loaded.
        await engine.DropAsync("a.csv", DayFile);
        var again = BuiltInEngine.Result<EtlResult>(await engine.RunAsync("etl"));
        Assert.Equal(["a.csv duplicate 0"], again.Files.Select(f => $"{f.File} {f.Status} {f.Events}"));
        Assert.Equal(2, Directory.EnumerateFiles(engine.Paths.Processed, "a*.csv").Count());
        await using var db = await engine.SampleDbAsync();
        Assert.Equal(7, await db.Events.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Seeder_CopiesSampleDataAndEnqueuesAFullRefresh_OnlyAtTheFirstStart()
    {
        var sample = Path.Combine(Path.GetTempPath(), "jobs-builtin-tests", "sample-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(sample);
        await File.WriteAllTextAsync(Path.Combine(sample, "events.csv"), DayFile, TestContext.Current.CancellationToken);
        try
        {
            await using var engine = await BuiltInEngine.StartAsync(settings: new()
            {
                ["BuiltInJobs:SampleData:Enabled"] = "true",
                ["BuiltInJobs:SampleData:Directory"] = sample,
                ["BuiltInJobs:SampleData:GeneratedDays"] = "30",
            });
            var page = await engine.Queries.ListAsync(new JobFilter { Type = "data_refresh" }, cancellationToken: TestContext.Current.CancellationToken);
            var refresh = BuiltInEngine.Result<DataRefreshResult>(await engine.WaitForFinalAsync(Assert.Single(page.Items).Id));
            Assert.Equal(RefreshMode.Full, refresh.Mode);
            Assert.Equal(["events.csv", "generated-2026-01-01.csv"], refresh.Ingestion!.Files.Select(f => f.File));
            Assert.All(refresh.Ingestion.Files, f => Assert.Equal("loaded", f.Status));
            Assert.Equal(new DateOnly(2025, 12, 3), refresh.RiskIndex![0].Date);
            Assert.Equal(new DateOnly(2026, 1, 1), refresh.RiskIndex[^1].Date);
            Assert.True(File.Exists(engine.Paths.SeededMarker));
        }
        finally
        {
            Directory.Delete(sample, recursive: true);
        }
    }

    [Fact]
    public void SampleEventGenerator_IsDeterministic()
    {
        var a = SampleEventGenerator.Generate(new DateOnly(2026, 1, 1), 10);
        Assert.Equal(a, SampleEventGenerator.Generate(new DateOnly(2026, 1, 1), 10));
        Assert.StartsWith("time,region,level,category,value\n", a, StringComparison.Ordinal);
    }

    [Fact]
    public void PythonFloat_WritesIntegralValuesWithADecimalPoint()
    {
        var json = JsonSerializer.Serialize(new[] { new HeatmapLevelSum("1", "2025-11-16", 30), new HeatmapLevelSum("2", "2025-11-16", 2.5) }, JobJson.Options);
        Assert.Equal("""[{"level":"1","date":"2025-11-16","sum":30.0},{"level":"2","date":"2025-11-16","sum":2.5}]""", json);
    }
}

public sealed class BuiltInCleanupTests
{
    [Fact]
    public async Task Cleanup_DeletesArtifactsOfDeletedJobs_AndProcessedFilesPastTheMaxAge()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(BuiltInEngine.Today);
        await using var engine = await BuiltInEngine.StartAsync(time);
        await engine.DropAsync("day.csv", "time,region,level,category,value\n2026-01-01T01:00:00Z,north,1,protest,10\n");
        await engine.RunAsync("etl");
        await engine.WriteDataFileAsync("a.jsonl", "{\"a\":1}\n");
        var kept = await engine.RunAsync("file_ingestion", new { path = "a.jsonl" });
        var gone = await engine.RunAsync("file_ingestion", new { path = "a.jsonl" });
        Assert.True((await engine.Client.DeleteAsync(gone.Summary.Id, TestContext.Current.CancellationToken)).Succeeded);

        // Nothing is old enough yet: only the deleted job's artifacts go.
        var first = BuiltInEngine.Result<Jobs.Maintenance.CleanupResult>(await engine.RunAsync("cleanup", """{"filesMaxAge":"01:00:00"}"""));
        Assert.Equal(1, first.Files);
        Assert.False(Directory.Exists(engine.Artifacts.JobDirectory(gone.Summary.Id)));
        Assert.True(File.Exists(Path.Combine(engine.Paths.Processed, "day.csv")));

        time.Advance(TimeSpan.FromHours(2));
        var second = BuiltInEngine.Result<Jobs.Maintenance.CleanupResult>(await engine.RunAsync("cleanup", """{"filesMaxAge":"01:00:00"}"""));
        Assert.Equal(1, second.Files);
        Assert.False(File.Exists(Path.Combine(engine.Paths.Processed, "day.csv")));
        Assert.True(Directory.Exists(engine.Artifacts.JobDirectory(kept.Summary.Id)));
    }
}
