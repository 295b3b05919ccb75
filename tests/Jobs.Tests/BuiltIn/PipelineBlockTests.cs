using Jobs.BuiltIn.Pipeline.Analysis;
using Jobs.BuiltIn.Pipeline.Rows;
using Jobs.Client;
using Jobs.Model;
using Microsoft.Data.Sqlite;

namespace Jobs.Tests.BuiltIn;

public sealed class PipelineBlockTests
{
    private const string Sales = """
        region;product;amount;ok
        north;a;10;true
        south;b;2.5;false
        north;c;;true
        """;

    private const string InvalidRowsError = "Jobs.BuiltIn.Pipeline.Rows.InvalidRowsException";

    [Fact]
    public async Task FileIngestion_ReadsCsvWithDelimiterAndHeader_IntoTypedRows()
    {
        await using var engine = await BuiltInEngine.StartAsync();
        var path = await engine.WriteDataFileAsync("sales.csv", Sales);
        var result = BuiltInEngine.Result<RowSetResult>(await engine.RunAsync("file_ingestion", new { path, delimiter = ";" }));
        Assert.Equal(3, result.Rows);
        Assert.Equal(["region", "product", "amount", "ok"], result.Columns);
        Assert.Equal([
            """{"region":"north","product":"a","amount":10,"ok":true}""",
            """{"region":"south","product":"b","amount":2.5,"ok":false}""",
            """{"region":"north","product":"c","amount":null,"ok":true}"""], engine.ReadArtifactLines(result.Artifact));
        Assert.Equal(0, result.InvalidRows);
    }

    [Fact]
    public async Task FileIngestion_ReadsHeaderlessCsvAsText_JsonArraysAndJsonLines()
    {
        await using var engine = await BuiltInEngine.StartAsync();
        var csv = await engine.WriteDataFileAsync("plain.txt", "1,x\n2,\"y, z\"\n");
        var plain = BuiltInEngine.Result<RowSetResult>(await engine.RunAsync("file_ingestion", """{"path":"plain.txt","format":"csv","hasHeader":false,"columns":["a","b"],"inferTypes":false}"""));
        Assert.Equal(["""{"a":"1","b":"x"}""", """{"a":"2","b":"y, z"}"""], engine.ReadArtifactLines(plain.Artifact));

        await engine.WriteDataFileAsync("items.json", """[{"a":1,"n":{"b":"x"}},{"a":2.5,"tags":[1,2]}]""");
        var json = BuiltInEngine.Result<RowSetResult>(await engine.RunAsync("file_ingestion", new { path = "items.json" }));
        Assert.Equal(["""{"a":1,"n.b":"x"}""", """{"a":2.5,"tags":"[1,2]"}"""], engine.ReadArtifactLines(json.Artifact));

        await engine.WriteDataFileAsync("items.jsonl", "{\"a\":1}\n\n{\"a\":2}\n");
        var lines = BuiltInEngine.Result<RowSetResult>(await engine.RunAsync("file_ingestion", new { path = "items.jsonl" }));
        Assert.Equal(["""{"a":1}""", """{"a":2}"""], engine.ReadArtifactLines(lines.Artifact));
        Assert.NotNull(csv);
    }

    [Fact]
    public async Task FileIngestion_FailsOnAMalformedRow_NamingIt_AndKeepsTheValidRows()
    {
        await using var engine = await BuiltInEngine.StartAsync();
        await engine.WriteDataFileAsync("scores.csv", "id,name,score\n1,ann,10\n2,bob\n3,cy,30\n");
        var job = await engine.RunAsync("file_ingestion", new { path = "scores.csv" });
        var id = job.Summary.Id;
        Assert.Equal(JobState.DeadLettered, job.Summary.State);
        Assert.Equal(InvalidRowsError, job.Summary.LastErrorType);
        Assert.Equal(
            $"1 of 3 rows are invalid: row 3: expected 3 fields, found 2. Valid rows kept in artifacts/{id}/rows.jsonl, invalid rows with reasons in artifacts/{id}/invalid.jsonl.",
            job.Summary.LastErrorMessage);
        Assert.Equal(["""{"id":1,"name":"ann","score":10}""", """{"id":3,"name":"cy","score":30}"""], engine.ReadArtifactLines($"artifacts/{id}/rows.jsonl"));
        Assert.Equal(["""{"_row":3,"_column":null,"_reason":"expected 3 fields, found 2","_raw":"2,bob"}"""], engine.ReadArtifactLines($"artifacts/{id}/invalid.jsonl"));

        var skipped = BuiltInEngine.Result<RowSetResult>(await engine.RunAsync("file_ingestion", new { path = "scores.csv", onInvalid = "skip" }));
        Assert.Equal((2, 1), (skipped.Rows, skipped.InvalidRows));
        Assert.Equal([new RowError(3, null, "expected 3 fields, found 2")], skipped.Errors);
    }

    [Fact]
    public async Task FileIngestion_IsRefusedAtEnqueue_WithoutAPath_OrWithABadDelimiter()
    {
        await using var engine = await BuiltInEngine.StartAsync();
        var noPath = await Assert.ThrowsAsync<JobValidationException>(() => engine.EnqueueAsync("file_ingestion", "{}"));
        Assert.Contains("path: required.", noPath.Errors["args"][0], StringComparison.Ordinal);
        var delimiter = await Assert.ThrowsAsync<JobValidationException>(() => engine.EnqueueAsync("file_ingestion", """{"path":"x.csv","delimiter":";;"}"""));
        Assert.Contains("delimiter", delimiter.Errors["args"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileIngestion_FailsPermanently_WhenTheFileIsMissing()
    {
        await using var engine = await BuiltInEngine.StartAsync();
        var job = await engine.RunAsync("file_ingestion", new { path = "nope.csv" }, r => r with { MaxRetries = 3 });
        Assert.Equal(JobState.DeadLettered, job.Summary.State);
        Assert.Equal(1, job.Summary.Attempt);
        Assert.Equal("Jobs.BuiltIn.Pipeline.Rows.PipelineInputException", job.Summary.LastErrorType);
        Assert.Equal($"The file {Path.Combine(engine.Directory, "nope.csv")} does not exist.", job.Summary.LastErrorMessage);
    }

    [Fact]
    public async Task Blocks_ChainThroughFromJob_WithExactOutputs()
    {
        await using var engine = await BuiltInEngine.StartAsync();
        await engine.WriteDataFileAsync("sales.csv", Sales);
        var ingest = await engine.RunAsync("file_ingestion", new { path = "sales.csv", delimiter = ";" });

        var transform = BuiltInEngine.Result<RowSetResult>(await engine.RunAsync("data_transform", $$$"""
            {"input":{"fromJob":"{{{ingest.Summary.Id}}}"},"transformations":[
              {"type":"rename","mapping":{"amount":"value"}},
              {"type":"default","defaults":{"value":0,"channel":"web"}},
              {"type":"convert","conversions":{"value":"float","ok":"string"}},
              {"type":"drop","columns":["product"]}]}
            """));
        Assert.Equal([
            """{"region":"north","value":10,"ok":"true","channel":"web"}""",
            """{"region":"south","value":2.5,"ok":"false","channel":"web"}""",
            """{"region":"north","value":0,"ok":"true","channel":"web"}"""], engine.ReadArtifactLines(transform.Artifact));

        var transformJob = (await engine.Queries.ListAsync(new JobFilter { Type = "data_transform" }, cancellationToken: TestContext.Current.CancellationToken)).Items[0].Id;
        var aggregate = await engine.RunAsync("data_aggregation", $$$"""
            {"input":{"fromJob":{{{transformJob}}}},"groupBy":["region"],"aggregations":{"value":["sum","count","mean","min","max"],"ok":"count"}}
            """);
        var groups = BuiltInEngine.Result<RowSetResult>(aggregate);
        Assert.Equal([
            """{"region":"north","value_sum":10,"value_count":2,"value_mean":5,"value_min":0,"value_max":10,"ok":2}""",
            """{"region":"south","value_sum":2.5,"value_count":1,"value_mean":2.5,"value_min":2.5,"value_max":2.5,"ok":1}"""], engine.ReadArtifactLines(groups.Artifact));

        var stats = BuiltInEngine.Result<StatisticalAnalysisResult>(await engine.RunAsync("statistical_analysis", new { input = new { fromJob = ingest.Summary.Id }, percentiles = new[] { 25.0, 50 } }));
        Assert.Equal(3, stats.Rows);
        var amount = stats.Columns["amount"];
        Assert.Equal((2L, 0L, 6.25, 6.25, 2.5, 10.0), (amount.Count, amount.NonNumeric, amount.Mean!.Value, amount.Median!.Value, amount.Min!.Value, amount.Max!.Value));
        Assert.Equal(Math.Sqrt(28.125), amount.Std!.Value, 12);
        Assert.Equal(4.375, amount.Percentiles["p25"]);
        Assert.Equal(6.25, amount.Percentiles["p50"]);
        Assert.Equal(["amount"], stats.Columns.Keys);

        var report = await engine.RunAsync("report_generation", new { input = new { fromJob = aggregate.Summary.Id }, title = "Sales <by> region", chart = new { type = "bar", x = "region", y = "value_sum" } });
        var r = BuiltInEngine.Result<ReportResult>(report);
        Assert.Equal(($"artifacts/{report.Summary.Id}/report.html", 2L, 2), (r.Artifact, r.Rows, r.ChartPoints));
        var html = await File.ReadAllTextAsync(engine.Artifacts.Resolve(r.Artifact), TestContext.Current.CancellationToken);
        Assert.Contains("<h1>Sales &lt;by&gt; region</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("<title>north: 10</title>", html, StringComparison.Ordinal);
        Assert.Contains("<title>south: 2.5</title>", html, StringComparison.Ordinal);
        Assert.Equal(["report.html"], engine.Artifacts.List(report.Summary.Id).Select(a => a.Name));
    }

    [Fact]
    public async Task Transform_FailsOnAFailedConversion_NamingRowAndColumn()
    {
        await using var engine = await BuiltInEngine.StartAsync();
        var job = await engine.RunAsync("data_transform", """
            {"input":{"rows":[{"amount":10},{"amount":2.5},{"amount":"7"}]},"transformations":[{"type":"convert","conversions":{"amount":"int"}}]}
            """);
        var id = job.Summary.Id;
        Assert.Equal(JobState.DeadLettered, job.Summary.State);
        Assert.Equal(InvalidRowsError, job.Summary.LastErrorType);
        Assert.Equal($"1 of 3 rows are invalid: row 2: amount: cannot convert to int: '2.5' is not a whole number. Valid rows kept in artifacts/{id}/rows.jsonl, invalid rows with reasons in artifacts/{id}/invalid.jsonl.", job.Summary.LastErrorMessage);
        Assert.Equal(["""{"amount":10}""", """{"amount":7}"""], engine.ReadArtifactLines($"artifacts/{id}/rows.jsonl"));
    }

    [Fact]
    public async Task Validation_ReportsEveryInvalidRowWithItsReasons_AndFailsOrPassesValidRows()
    {
        await using var engine = await BuiltInEngine.StartAsync();
        const string Rows = """[{"region":"north","amount":10},{"region":"south","amount":2.5},{"region":"east","amount":null},{"region":"west","amount":"x"}]""";
        const string Schema = """{"region":{"required":true,"type":"string","pattern":"^(north|south|west)$"},"amount":{"required":true,"type":"float","min":5,"max":100}}""";
        var failed = await engine.RunAsync("data_validation", $$"""{"input":{"rows":{{Rows}}},"schema":{{Schema}}}""");
        var id = failed.Summary.Id;
        Assert.Equal(JobState.DeadLettered, failed.Summary.State);
        Assert.Equal(InvalidRowsError, failed.Summary.LastErrorType);
        Assert.Equal(
            $"3 of 4 rows are invalid: row 2: amount: 2.5 is below the minimum 5; row 3: region: 'east' does not match ^(north|south|west)$; amount: is required; row 4: amount: 'x' is not of type float. Valid rows kept in artifacts/{id}/rows.jsonl, invalid rows with reasons in artifacts/{id}/invalid.jsonl.",
            failed.Summary.LastErrorMessage);
        Assert.Equal(3, engine.ReadArtifactLines($"artifacts/{id}/invalid.jsonl").Length);

        var passed = BuiltInEngine.Result<RowSetResult>(await engine.RunAsync("data_validation", $$"""{"input":{"rows":{{Rows}}},"schema":{{Schema}},"onInvalid":"skip"}"""));
        Assert.Equal((1, 3), (passed.Rows, passed.InvalidRows));
        Assert.Equal(["""{"region":"north","amount":10}"""], engine.ReadArtifactLines(passed.Artifact));
        Assert.Equal([2L, 3, 4], passed.Errors.Select(e => e.Row));
    }

    [Fact]
    public async Task Validation_IsRefusedAtEnqueue_WhenThePatternIsNotARegex()
    {
        await using var engine = await BuiltInEngine.StartAsync();
        var error = await Assert.ThrowsAsync<JobValidationException>(() => engine.EnqueueAsync("data_validation", """{"input":{"rows":[]},"schema":{"a":{"pattern":"("}}}"""));
        Assert.Contains("schema.a.pattern: not a valid regular expression", error.Errors["args"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABlock_FailsPermanently_WhenItsInputJobHasNoRowSet()
    {
        await using var engine = await BuiltInEngine.StartAsync();
        var heatmap = await engine.RunAsync("heatmap");
        var job = await engine.RunAsync("data_transform", $$"""{"input":{"fromJob":{{heatmap.Summary.Id}}},"transformations":[{"type":"drop","columns":["a"]}]}""");
        Assert.Equal(JobState.DeadLettered, job.Summary.State);
        Assert.Equal($"Input job {heatmap.Summary.Id} (heatmap) has no row set in its result to read.", job.Summary.LastErrorMessage);
    }

    [Fact]
    public async Task DatabaseIngestion_BindsParameters_AndReportsAQueryError()
    {
        await using var engine = await BuiltInEngine.StartAsync();
        Directory.CreateDirectory(engine.Directory);
        var file = Path.Combine(engine.Directory, "source.db");
        var connectionString = $"Data Source={file};Pooling=False";
        await using (var connection = new SqliteConnection(connectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE people(id INTEGER, name TEXT, score REAL); INSERT INTO people VALUES (1,'ann',1.5),(2,'bob',2),(3,'cy',NULL),(4,'dan',7);";
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var rows = BuiltInEngine.Result<RowSetResult>(await engine.RunAsync("database_ingestion",
            new { provider = "sqlite", connectionString, query = "SELECT id, name, score FROM people WHERE score >= @min OR score IS NULL ORDER BY id", parameters = new { min = 2 }, batchSize = 1 }));
        Assert.Equal(["""{"id":2,"name":"bob","score":2}""", """{"id":3,"name":"cy","score":null}""", """{"id":4,"name":"dan","score":7}"""], engine.ReadArtifactLines(rows.Artifact));

        // A value that would change the query if it were pasted into the text matches nothing when bound.
        var injection = BuiltInEngine.Result<RowSetResult>(await engine.RunAsync("database_ingestion",
            new { connectionString, query = "SELECT id FROM people WHERE name = @name", parameters = new { name = "x' OR '1'='1" } }));
        Assert.Equal(0, injection.Rows);

        var failed = await engine.RunAsync("database_ingestion", new { connectionString, query = "SELECT * FROM missing" });
        Assert.Equal(JobState.DeadLettered, failed.Summary.State);
        Assert.Equal("Microsoft.Data.Sqlite.SqliteException", failed.Summary.LastErrorType);
        Assert.Equal("SQLite Error 1: 'no such table: missing'.", failed.Summary.LastErrorMessage);
    }

    [Fact]
    public async Task DatabaseIngestion_ReadsPostgreSql_WithBoundParameters_AndReportsAQueryError()
    {
        if (ThrowawayPostgres.WhyUnavailable() is { } why)
        {
            Assert.Skip(why);
        }

        await using var postgres = await ThrowawayPostgres.StartAsync();
        await using (var connection = new Npgsql.NpgsqlConnection(postgres.ConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE readings(id int, station text, value numeric, at timestamptz); INSERT INTO readings VALUES (1,'a',1.5,'2026-01-01T00:00:00Z'),(2,'b',2.25,'2026-01-01T01:00:00Z'),(3,'a',NULL,NULL);";
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        await using var engine = await BuiltInEngine.StartAsync(settings: new() { ["ConnectionStrings:Readings"] = postgres.ConnectionString });
        var rows = BuiltInEngine.Result<RowSetResult>(await engine.RunAsync("database_ingestion",
            new { provider = "postgresql", connectionName = "Readings", query = "SELECT id, station, value, at FROM readings WHERE station = @station ORDER BY id", parameters = new { station = "a" } }));
        Assert.Equal(["""{"id":1,"station":"a","value":1.5,"at":"2026-01-01T00:00:00.0000000Z"}""", """{"id":3,"station":"a","value":null,"at":null}"""], engine.ReadArtifactLines(rows.Artifact));

        var failed = await engine.RunAsync("database_ingestion", new { provider = "postgresql", connectionName = "Readings", query = "SELECT * FROM missing" });
        Assert.Equal(JobState.DeadLettered, failed.Summary.State);
        Assert.Equal("Npgsql.PostgresException", failed.Summary.LastErrorType);
        Assert.StartsWith("42P01: relation \"missing\" does not exist", failed.Summary.LastErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DatabaseIngestion_IsRefusedAtEnqueue_WithoutAConnection()
    {
        await using var engine = await BuiltInEngine.StartAsync();
        var error = await Assert.ThrowsAsync<JobValidationException>(() => engine.EnqueueAsync("database_ingestion", """{"query":"SELECT 1"}"""));
        Assert.Contains("connectionName or connectionString: give exactly one.", error.Errors["args"][0], StringComparison.Ordinal);
    }
}
