using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Jobs.BuiltIn.Pipeline.Rows;

/// <summary>Streams the rows of a JSON-lines artifact, one line at a time.</summary>
internal static class RowSetReader
{
    public static async IAsyncEnumerable<OrderedDictionary<string, object?>> ReadAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path);
        var line = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            OrderedDictionary<string, object?> row;
            try
            {
                using var doc = JsonDocument.Parse(text);
                row = RowJson.ToRow(doc.RootElement);
            }
            catch (Exception ex) when (ex is JsonException or FormatException)
            {
                throw new PipelineInputException(FormattableString.Invariant($"{path} line {line} is not a JSON object: {ex.Message}"), ex);
            }

            yield return row;
        }
    }
}
