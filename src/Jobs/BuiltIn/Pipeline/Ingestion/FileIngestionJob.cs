using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsvHelper;
using Jobs.BuiltIn.Artifacts;
using Jobs.BuiltIn.Pipeline.Rows;
using Jobs.Handlers;
using Microsoft.Extensions.Logging;

namespace Jobs.BuiltIn.Pipeline.Ingestion;

/// <summary>The formats <c>file_ingestion</c> reads.</summary>
public enum FileFormat
{
    /// <summary>Delimited text (RFC 4180 quoting).</summary>
    Csv,
    /// <summary>One JSON array of objects, streamed element by element.</summary>
    Json,
    /// <summary>One JSON object a line.</summary>
    Jsonl,
}

/// <summary>Arguments of <c>file_ingestion</c>.</summary>
public sealed record FileIngestionArgs : IJsonOnDeserialized
{
    /// <summary>The file to read. Relative paths are under the data directory.</summary>
    public string Path { get; init; } = "";

    /// <summary>The format. Defaults to the extension's (<c>.csv</c>, <c>.json</c>, <c>.jsonl</c>/<c>.ndjson</c>).</summary>
    public FileFormat? Format { get; init; }

    /// <summary>The CSV field separator, one character (<c>\t</c> for tabs). Defaults to a comma.</summary>
    public string Delimiter { get; init; } = ",";

    /// <summary>Whether the CSV's first line names the columns. Defaults to true.</summary>
    public bool HasHeader { get; init; } = true;

    /// <summary>Column names for a CSV without a header. Defaults to <c>column1</c>, <c>column2</c>, ...</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>Whether CSV fields are typed (whole numbers, numbers, true/false, empty as null) or kept as text. Defaults to true.</summary>
    public bool InferTypes { get; init; } = true;

    /// <summary>What to do with malformed rows: <c>fail</c> (default) or <c>skip</c>. Either way they are kept, with reasons, in <c>invalid.jsonl</c>.</summary>
    public InvalidRowPolicy OnInvalid { get; init; } = InvalidRowPolicy.Fail;

    void IJsonOnDeserialized.OnDeserialized()
    {
        if (string.IsNullOrWhiteSpace(Path))
        {
            throw new JsonException("path: required.");
        }

        if (Delimiter is not { Length: 1 } || Delimiter[0] > 127 || Delimiter[0] is '"' or '\r' or '\n')
        {
            throw new JsonException("delimiter: one ASCII character other than a quote or a line break.");
        }

        if (Format is { } f && !Enum.IsDefined(f))
        {
            throw new JsonException("format: csv, json or jsonl.");
        }
    }
}

/// <summary>The <c>file_ingestion</c> block: streams a CSV, JSON or JSON-lines file into a row set (never loading the file whole).</summary>
internal sealed class FileIngestionJob(ArtifactStore artifacts) : IJobHandler<FileIngestionArgs, RowSetResult>
{
    public const string TypeName = "file_ingestion";

    public async Task<RowSetResult> HandleAsync(FileIngestionArgs args, IJobContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(artifacts.DataDirectory, args.Path));
        if (!File.Exists(path))
        {
            throw new PipelineInputException($"The file {path} does not exist.");
        }

        var format = args.Format ?? System.IO.Path.GetExtension(path).ToUpperInvariant() switch
        {
            ".CSV" or ".TSV" or ".TXT" => FileFormat.Csv,
            ".JSON" => FileFormat.Json,
            ".JSONL" or ".NDJSON" => FileFormat.Jsonl,
            _ => throw new PipelineInputException($"Cannot tell the format of {System.IO.Path.GetFileName(path)} from its extension: set format to csv, json or jsonl."),
        };

        RowSetResult result;
        long total;
        await using (var rows = RowSetWriter.Create(artifacts, context.JobId, "rows.jsonl"))
        await using (var invalid = InvalidRowSink.Create(artifacts, context.JobId))
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
            var length = Math.Max(1, stream.Length);
            void Progress(long position, long count) =>
                context.ReportProgress(Math.Min(0.99, (double)position / length), string.Create(CultureInfo.InvariantCulture, $"Read {count} rows"), count);

            total = format switch
            {
                FileFormat.Csv => await ReadCsvAsync(stream, args, rows, invalid, Progress, context.CancellationToken),
                FileFormat.Json => await ReadJsonArrayAsync(stream, path, rows, invalid, Progress, context.CancellationToken),
                _ => await ReadJsonLinesAsync(stream, rows, invalid, Progress, context.CancellationToken),
            };
            result = rows.ToResult(invalid);
            foreach (var error in invalid.FirstErrors.Take(20))
            {
                context.Logger.LogWarning("Invalid row: {Error}", error.ToString());
            }

            context.Logger.LogInformation("Read {Rows} rows ({Invalid} invalid) from {File} as {Format}", rows.Count, invalid.Count, path, format);
            invalid.ThrowIfFailing(args.OnInvalid, total, rows.Artifact);
        }

        context.ReportProgress(1, string.Create(CultureInfo.InvariantCulture, $"Read {result.Rows} rows"), result.Rows, result.Rows);
        return result;
    }

    private static async Task<long> ReadCsvAsync(Stream stream, FileIngestionArgs args, RowSetWriter rows, InvalidRowSink invalid, Action<long, long> progress, CancellationToken ct)
    {
        var malformed = new List<RowError>();
        var options = new CsvReaderOptions
        {
            Separator = args.Delimiter[0],
            HasHeader = args.HasHeader,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Skip,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            OnMalformedRecord = bad => malformed.Add(new RowError(bad.LineNumber, null, $"malformed CSV ({bad.Reason})")),
        };
        await using var csv = CsvReader.Create(stream, options, leaveOpen: true);
        await csv.ReadHeaderAsync(ct);
        IReadOnlyList<string>? names = args.HasHeader ? [.. csv.Headers] : args.Columns;
        long total = 0;
        while (await csv.ReadAsync(ct))
        {
            total += await FlushMalformedAsync(malformed, invalid, ct);
            total++;
            var line = csv.LineNumber;
            names ??= [.. Enumerable.Range(1, csv.FieldCount).Select(i => string.Create(CultureInfo.InvariantCulture, $"column{i}"))];
            if (csv.FieldCount != names.Count)
            {
                var raw = new OrderedDictionary<string, object?> { ["_raw"] = System.Text.Encoding.UTF8.GetString(csv.RawRecord) };
                await invalid.AddAsync(new RowError(line, null, string.Create(CultureInfo.InvariantCulture, $"expected {names.Count} fields, found {csv.FieldCount}")), raw, ct);
                continue;
            }

            var row = new OrderedDictionary<string, object?>(names.Count, StringComparer.Ordinal);
            for (var i = 0; i < names.Count; i++)
            {
                var text = csv.GetString(i);
                row[names[i]] = args.InferTypes ? ValueConverter.Infer(text) : text;
            }

            await rows.WriteAsync(row, ct);
            progress(csv.ByteOffset, rows.Count);
        }

        total += await FlushMalformedAsync(malformed, invalid, ct);
        return total;
    }

    private static async Task<long> FlushMalformedAsync(List<RowError> malformed, InvalidRowSink invalid, CancellationToken ct)
    {
        var n = malformed.Count;
        foreach (var error in malformed)
        {
            await invalid.AddAsync(error, null, ct);
        }

        malformed.Clear();
        return n;
    }

    private static async Task<long> ReadJsonLinesAsync(Stream stream, RowSetWriter rows, InvalidRowSink invalid, Action<long, long> progress, CancellationToken ct)
    {
        using var reader = new StreamReader(stream, leaveOpen: true);
        long line = 0, total = 0;
        while (await reader.ReadLineAsync(ct) is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            total++;
            try
            {
                using var doc = JsonDocument.Parse(text);
                await rows.WriteAsync(RowJson.ToRow(doc.RootElement), ct);
            }
            catch (Exception ex) when (ex is JsonException or FormatException)
            {
                await invalid.AddAsync(new RowError(line, null, $"not a JSON object: {ex.Message}"), new OrderedDictionary<string, object?> { ["_raw"] = text }, ct);
            }

            progress(stream.Position, rows.Count);
        }

        return total;
    }

    private static async Task<long> ReadJsonArrayAsync(Stream stream, string path, RowSetWriter rows, InvalidRowSink invalid, Action<long, long> progress, CancellationToken ct)
    {
        long record = 0;
        try
        {
            await foreach (var element in JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream, cancellationToken: ct))
            {
                record++;
                if (element.ValueKind != JsonValueKind.Object)
                {
                    await invalid.AddAsync(new RowError(record, null, $"expected an object, found {element.ValueKind}"), null, ct);
                    continue;
                }

                await rows.WriteAsync(RowJson.ToRow(element), ct);
                progress(stream.Position, rows.Count);
            }
        }
        catch (JsonException ex)
        {
            throw new PipelineInputException(string.Create(CultureInfo.InvariantCulture,
                $"{System.IO.Path.GetFileName(path)} is not a valid JSON array after record {record}: {ex.Message} The {rows.Count} rows before it are kept in {rows.Artifact}."), ex);
        }

        return record;
    }
}
