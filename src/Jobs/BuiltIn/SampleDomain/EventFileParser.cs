using System.Globalization;
using System.Text.Json;
using CsvHelper;

namespace Jobs.BuiltIn.SampleDomain;

/// <summary>An event read from a file, validated and normalized, with the line it came from.</summary>
internal sealed record ParsedEvent(int Line, DateTime OccurredAt, string Region, int Level, string Category, double Value);

/// <summary>What a file held: its valid events and, for every bad line, why.</summary>
internal sealed record ParsedEventFile(IReadOnlyList<ParsedEvent> Events, IReadOnlyList<string> Errors);

/// <summary>Reads event files: CSV with a header (<c>time,region,level,category,value</c>, any order, any case), JSON lines, or a JSON array.</summary>
/// <remarks>
/// The validation rules: time is ISO-8601 (no offset means UTC); region and category are 1 to 64 characters;
/// level is 1, 2 or 3; value is a finite number. Region and category are trimmed and lower-cased, time is
/// turned into UTC. Every bad line is reported, not just the first, so a rejected file can be fixed in one go.
/// </remarks>
internal static class EventFileParser
{
    private static readonly string[] Columns = ["time", "region", "level", "category", "value"];

    /// <summary>Whether the ETL reads files with this name's extension.</summary>
    public static bool IsSupported(string fileName) =>
        Path.GetExtension(fileName).ToUpperInvariant() is ".CSV" or ".JSONL" or ".NDJSON" or ".JSON";

    public static async Task<ParsedEventFile> ParseAsync(string path, CancellationToken cancellationToken)
    {
        var extension = Path.GetExtension(path).ToUpperInvariant();
        return extension switch
        {
            ".CSV" => await ParseCsvAsync(path, cancellationToken),
            ".JSONL" or ".NDJSON" => await ParseJsonLinesAsync(path, cancellationToken),
            ".JSON" => await ParseJsonArrayAsync(path, cancellationToken),
            _ => new ParsedEventFile([], [$"Unsupported file type '{Path.GetExtension(path)}': use .csv, .jsonl or .json."]),
        };
    }

    private static async Task<ParsedEventFile> ParseCsvAsync(string path, CancellationToken cancellationToken)
    {
        var events = new List<ParsedEvent>();
        var errors = new List<string>();
        var options = new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = true,
            TrimWhitespace = true,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Skip,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            OnMalformedRecord = bad => errors.Add(string.Create(CultureInfo.InvariantCulture, $"Line {bad.LineNumber}: malformed CSV ({bad.Reason}).")),
        };
        await using var csv = CsvReader.Create(File.OpenRead(path), options, leaveOpen: false);
        await csv.ReadHeaderAsync(cancellationToken);
        var header = csv.Headers;
        if (header.Count == 0)
        {
            return new ParsedEventFile([], ["The file is empty: a CSV event file starts with the header time,region,level,category,value."]);
        }

        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++)
        {
            index.TryAdd(header[i].Trim(), i);
        }

        var missing = Columns.Where(c => !index.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            return new ParsedEventFile([], [$"Line 1: the header lacks the column(s) {string.Join(", ", missing)} (expected time,region,level,category,value)."]);
        }

        while (await csv.ReadAsync(cancellationToken))
        {
            var line = (int)csv.LineNumber;
            if (csv.FieldCount != header.Count)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"Line {line}: expected {header.Count} fields, found {csv.FieldCount}."));
                continue;
            }

            string Field(string name) => csv.GetString(index[name]) ?? "";
            Validate(line, Field("time"), Field("region"), Field("level"), Field("category"), Field("value"), events, errors);
        }

        return new ParsedEventFile(events, errors);
    }

    private static async Task<ParsedEventFile> ParseJsonLinesAsync(string path, CancellationToken cancellationToken)
    {
        var events = new List<ParsedEvent>();
        var errors = new List<string>();
        using var reader = new StreamReader(path);
        var line = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(text);
                ValidateJson(line, doc.RootElement, events, errors, "Line");
            }
            catch (JsonException ex)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"Line {line}: not valid JSON ({ex.Message})."));
            }
        }

        return new ParsedEventFile(events, errors);
    }

    private static async Task<ParsedEventFile> ParseJsonArrayAsync(string path, CancellationToken cancellationToken)
    {
        var events = new List<ParsedEvent>();
        var errors = new List<string>();
        await using var stream = File.OpenRead(path);
        JsonDocument doc;
        try
        {
            doc = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        }
        catch (JsonException ex)
        {
            return new ParsedEventFile([], [$"The file is not valid JSON: {ex.Message}"]);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                return new ParsedEventFile([], ["A .json event file holds one array of event objects."]);
            }

            var record = 0;
            foreach (var element in doc.RootElement.EnumerateArray())
            {
                ValidateJson(++record, element, events, errors, "Record");
            }
        }

        return new ParsedEventFile(events, errors);
    }

    private static void ValidateJson(int line, JsonElement element, List<ParsedEvent> events, List<string> errors, string unit)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{unit} {line}: expected an object with time, region, level, category and value."));
            return;
        }

        string Field(string name)
        {
            foreach (var p in element.EnumerateObject())
            {
                if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return p.Value.ValueKind switch
                    {
                        JsonValueKind.String => p.Value.GetString() ?? "",
                        JsonValueKind.Number => p.Value.GetRawText(),
                        JsonValueKind.Null => "",
                        _ => p.Value.GetRawText(),
                    };
                }
            }

            return "";
        }

        Validate(line, Field("time"), Field("region"), Field("level"), Field("category"), Field("value"), events, errors, unit);
    }

    private static void Validate(int line, string time, string region, string level, string category, string value, List<ParsedEvent> events, List<string> errors, string unit = "Line")
    {
        var problems = new List<string>();
        if (!DateTimeOffset.TryParse(time.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            problems.Add(time.Length == 0 ? "time is missing" : $"time '{time}' is not an ISO-8601 date and time");
        }

        region = region.Trim().ToLowerInvariant();
        if (region.Length is 0 or > 64)
        {
            problems.Add("region must be 1 to 64 characters");
        }

        category = category.Trim().ToLowerInvariant();
        if (category.Length is 0 or > 64)
        {
            problems.Add("category must be 1 to 64 characters");
        }

        if (!int.TryParse(level.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var lvl) || lvl is < 1 or > 3)
        {
            problems.Add($"level '{level}' must be 1, 2 or 3");
        }

        if (!double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
        {
            problems.Add($"value '{value}' is not a number");
        }

        if (problems.Count > 0)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{unit} {line}: {string.Join("; ", problems)}."));
            return;
        }

        events.Add(new ParsedEvent(line, at.UtcDateTime, region, lvl, category, number));
    }
}
