using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Jobs.BuiltIn.Artifacts;
using Jobs.BuiltIn.Pipeline.Rows;
using Jobs.Handlers;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Jobs.BuiltIn.Pipeline.Ingestion;

/// <summary>The databases <c>database_ingestion</c> reads.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgresql,
}

/// <summary>Arguments of <c>database_ingestion</c>.</summary>
public sealed record DatabaseIngestionArgs : IJsonOnDeserialized
{
    public DatabaseProvider Provider { get; init; } = DatabaseProvider.Sqlite;

    /// <summary>The name of a connection string in <c>ConnectionStrings</c> (keeps secrets out of job arguments).</summary>
    public string? ConnectionName { get; init; }

    /// <summary>A connection string given inline, when no <see cref="ConnectionName"/> is.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>The query. Values go in <see cref="Parameters"/> (<c>@name</c> in SQLite, <c>@name</c> or <c>$1</c> in PostgreSQL), never into the text.</summary>
    public string Query { get; init; } = "";

    /// <summary>Parameter values by name (without the <c>@</c>); bound as parameters, never concatenated.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Parameters { get; init; }

    /// <summary>Rows written per batch (and per progress report). Defaults to 1000.</summary>
    public int BatchSize { get; init; } = 1000;

    /// <summary>The command timeout. Defaults to 5 minutes.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(5);

    void IJsonOnDeserialized.OnDeserialized()
    {
        if (!Enum.IsDefined(Provider))
        {
            throw new JsonException("provider: sqlite or postgresql.");
        }

        if (string.IsNullOrWhiteSpace(ConnectionName) == string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new JsonException("connectionName or connectionString: give exactly one.");
        }

        if (string.IsNullOrWhiteSpace(Query))
        {
            throw new JsonException("query: required.");
        }

        if (BatchSize is < 1 or > 100_000)
        {
            throw new JsonException("batchSize: 1 to 100000.");
        }

        if (CommandTimeout <= TimeSpan.Zero)
        {
            throw new JsonException("commandTimeout: must be positive.");
        }
    }
}

/// <summary>The <c>database_ingestion</c> block: runs one ADO.NET query against SQLite or PostgreSQL and streams its rows, in batches, into a row set.</summary>
internal sealed class DatabaseIngestionJob(IConfiguration configuration, ArtifactStore artifacts) : IJobHandler<DatabaseIngestionArgs, RowSetResult>
{
    public const string TypeName = "database_ingestion";

    public async Task<RowSetResult> HandleAsync(DatabaseIngestionArgs args, IJobContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;
        var connectionString = args.ConnectionString
            ?? configuration.GetConnectionString(args.ConnectionName!)
            ?? throw new PipelineInputException($"connectionName: ConnectionStrings:{args.ConnectionName} is not configured.");
        DbProviderFactory factory = args.Provider == DatabaseProvider.Sqlite ? SqliteFactory.Instance : NpgsqlFactory.Instance;
        await using var connection = factory.CreateConnection()!;
        connection.ConnectionString = connectionString;
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = args.Query;
        command.CommandTimeout = (int)Math.Ceiling(args.CommandTimeout.TotalSeconds);
        foreach (var (name, value) in args.Parameters ?? new Dictionary<string, JsonElement>())
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name.StartsWith('@') || name.StartsWith('$') || name.StartsWith(':') ? name : "@" + name;
            parameter.Value = RowJson.ToValue(value) ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        RowSetResult result;
        await using (var rows = RowSetWriter.Create(artifacts, context.JobId, "rows.jsonl"))
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
            var inBatch = 0;
            while (await reader.ReadAsync(ct))
            {
                var row = new OrderedDictionary<string, object?>(names.Length, StringComparer.Ordinal);
                for (var i = 0; i < names.Length; i++)
                {
                    row[names[i]] = await reader.IsDBNullAsync(i, ct) ? null : Normalize(reader.GetValue(i));
                }

                await rows.WriteAsync(row, ct);
                if (++inBatch == args.BatchSize)
                {
                    inBatch = 0;
                    context.ReportProgress(0, string.Create(CultureInfo.InvariantCulture, $"Read {rows.Count} rows"), rows.Count);
                }
            }

            result = rows.ToResult();
        }

        context.Logger.LogInformation("Query returned {Rows} rows", result.Rows);
        context.ReportProgress(1, string.Create(CultureInfo.InvariantCulture, $"Read {result.Rows} rows"), result.Rows, result.Rows);
        return result;
    }

    private static object? Normalize(object value) => value switch
    {
        int i => (long)i,
        short s => (long)s,
        byte b => (long)b,
        float f => (double)f,
        decimal m => (double)m,
        DateTime dt => dt.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset dto => dto.ToString("O", CultureInfo.InvariantCulture),
        Guid g => g.ToString(),
        byte[] bytes => Convert.ToBase64String(bytes),
        _ => value,
    };
}
