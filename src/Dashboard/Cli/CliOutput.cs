using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Jobs.Dashboard.Api.Contracts;

namespace Jobs.Dashboard.Cli;

/// <summary>Writes a verb's answer: JSON with <c>--json</c>, else text for people.</summary>
internal sealed class CliOutput(ParseResult parseResult)
{
    /// <summary>Whether <c>--json</c> was given.</summary>
    public bool Json { get; } = parseResult.GetValue(CliOptions.Json);

    /// <summary>Where answers go (stdout).</summary>
    public TextWriter Out { get; } = parseResult.InvocationConfiguration.Output;

    /// <summary>Writes <paramref name="value"/> as the one JSON document of this run.</summary>
    public Task WriteJsonAsync<T>(T value) => Out.WriteLineAsync(JsonSerializer.Serialize(value, ApiJson.Cli));

    /// <summary>Writes with <c>--json</c> the value, else the text.</summary>
    public Task WriteAsync<T>(T value, Func<string> text) => Json ? WriteJsonAsync(value) : Out.WriteLineAsync(text());

    /// <summary>A fixed-width table with a header row.</summary>
    public static string Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var all = rows.ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        void Line(IReadOnlyList<string> cells)
        {
            for (var i = 0; i < cells.Count; i++)
            {
                text.Append(i == cells.Count - 1 ? cells[i] : cells[i].PadRight(widths[i] + 2));
            }

            text.AppendLine();
        }

        Line(headers);
        foreach (var row in all)
        {
            Line(row);
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>A time as the CLI prints it: UTC, to the second.</summary>
    public static string Time(DateTimeOffset? at) =>
        at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";
}
