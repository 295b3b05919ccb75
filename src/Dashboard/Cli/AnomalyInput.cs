using System.Globalization;
using System.Text.Json;

namespace Jobs.Dashboard.Cli;

/// <summary>A series read from a file: its values and, when the file had them, one timestamp (as written) per value.</summary>
internal sealed record AnomalyInput(double[] Values, string[]? Timestamps);

/// <summary>Thrown for a file that cannot be read as a series; the message is the one-line reason the CLI prints.</summary>
internal sealed class AnomalyInputException : Exception
{
    public AnomalyInputException() : base("The input is not a series.") { }

    public AnomalyInputException(string message) : base(message) { }

    public AnomalyInputException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>Reads the <c>anomalies detect --input</c> file: CSV or JSON, told apart by the first character.</summary>
/// <remarks>
/// CSV: one number per line, or a header naming a <c>value</c> column (e.g. <c>timestamp,value</c>) with one row per
/// point. JSON: an array of numbers, or an object with a <c>values</c> array (the reference files' shape). Blank lines
/// are skipped; anything else that is not a finite number is an error naming the line or index.
/// </remarks>
internal static class AnomalyInputReader
{
    public static AnomalyInput Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new AnomalyInputException($"Cannot read '{path}': {ex.Message}", ex);
        }

        return Parse(text, Path.GetFileName(path));
    }

    public static AnomalyInput Parse(string text, string name)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.AsSpan().TrimStart();
        var input = trimmed.Length > 0 && trimmed[0] is '[' or '{' ? ParseJson(text, name) : ParseCsv(text, name);
        if (input.Values.Length == 0)
        {
            throw new AnomalyInputException($"{name} holds no values.");
        }

        return input;
    }

    private static AnomalyInput ParseJson(string text, string name)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new AnomalyInputException($"{name} is not valid JSON (line {ex.LineNumber + 1}): {ex.Message.Split('.')[0]}.");
        }

        using (document)
        {
            var root = document.RootElement;
            var field = "";
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (!root.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Array)
                {
                    throw new AnomalyInputException($"{name}: a JSON object needs a 'values' array.");
                }

                root = values;
                field = "values";
            }

            var result = new double[root.GetArrayLength()];
            var i = 0;
            foreach (var e in root.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out var v) || !double.IsFinite(v))
                {
                    throw new AnomalyInputException($"{name}: {field}[{i}] is not a finite number ({e.GetRawText()}).");
                }

                result[i++] = v;
            }

            return new AnomalyInput(result, null);
        }
    }

    private static AnomalyInput ParseCsv(string text, string name)
    {
        var lines = text.Split('\n');
        var values = new List<double>(lines.Length);
        List<string>? timestamps = null;
        var valueColumn = 0;
        var timestampColumn = -1;
        var columns = 1;
        var first = true;
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var cells = line.Split(',', StringSplitOptions.TrimEntries);
            if (first)
            {
                first = false;
                if (!double.TryParse(cells[0], NumberStyles.Float, CultureInfo.InvariantCulture, out _) || cells.Length > 1)
                {
                    var header = cells.Select(c => c.Trim('"').ToLowerInvariant()).ToArray();
                    valueColumn = Array.IndexOf(header, "value");
                    if (valueColumn < 0)
                    {
                        throw new AnomalyInputException($"{name} line {n + 1}: expected a number, or a header with a 'value' column (e.g. timestamp,value).");
                    }

                    timestampColumn = Array.FindIndex(header, h => h is "timestamp" or "time" or "date");
                    timestamps = timestampColumn >= 0 ? [] : null;
                    columns = header.Length;
                    continue;
                }
            }

            if (cells.Length != columns)
            {
                throw new AnomalyInputException($"{name} line {n + 1}: expected {columns} column(s), found {cells.Length}.");
            }

            if (!double.TryParse(cells[valueColumn], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                throw new AnomalyInputException($"{name} line {n + 1}: '{cells[valueColumn]}' is not a finite number.");
            }

            values.Add(value);
            timestamps?.Add(cells[timestampColumn]);
        }

        return new AnomalyInput([.. values], timestamps?.ToArray());
    }
}
