using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Jobs.Benchmarks.Infrastructure;

/// <summary>Collects a scenario's figures, then prints them as a table for people and, last, as one JSON line for scripts.</summary>
/// <remarks>
/// Both views come from the same calls, so the table can never show a number the JSON lacks.
/// JSON layout: <c>scenario</c>, the options used (<c>jobs</c>, <c>workers</c>...), <c>machine</c>, <c>systems.&lt;key&gt;.&lt;figure&gt;</c> as
/// <c>{median,min,max,rounds}</c> (or a plain number), then top-level derived figures (ratios, targets).
/// </remarks>
internal sealed class Report(string scenario)
{
    private readonly JsonObject _systems = [];
    private readonly JsonObject _figures = [];
    private readonly List<string[]> _rows = [];
    private readonly List<string> _notes = [];

    public string Scenario { get; } = scenario;

    /// <summary>A per-system figure measured over rounds.</summary>
    public void Add(string systemKey, string systemName, string figure, Summary summary, string unit, string note = "")
    {
        ArgumentNullException.ThrowIfNull(summary);
        SystemNode(systemKey)[figure] = new JsonObject
        {
            ["median"] = Round(summary.Median),
            ["min"] = Round(summary.Min),
            ["max"] = Round(summary.Max),
            ["rounds"] = new JsonArray([.. summary.Rounds.Select(r => (JsonNode?)JsonValue.Create(Round(r)))]),
        };
        _rows.Add([systemName, figure, Format(summary.Median), Format(summary.Min), Format(summary.Max), unit, note]);
    }

    /// <summary>A per-system value that is not a per-round figure (a job count, a flag).</summary>
    public void AddValue(string systemKey, string figure, JsonNode? value) => SystemNode(systemKey)[figure] = value;

    /// <summary>A top-level figure such as a ratio; also shown under the table.</summary>
    public void Figure(string name, double value, string explanation)
    {
        _figures[name] = Round(value);
        _notes.Add($"{name} = {Format(value)}  ({explanation})");
    }

    /// <summary>A top-level JSON value shown in the table's notes only when <paramref name="explanation"/> is given.</summary>
    public void FigureValue(string name, JsonNode? value, string? explanation = null)
    {
        _figures[name] = value;
        if (explanation is not null)
        {
            _notes.Add($"{name}: {explanation}");
        }
    }

    /// <summary>A line of prose under the table (what was measured and how).</summary>
    public void Note(string text) => _notes.Add(text);

    public void Print(TextWriter output, JsonObject parameters, JsonObject machine)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine();
        output.WriteLine($"== {Scenario} ==");
        string[] header = ["system", "figure", "median", "min", "max", "unit", "note"];
        var widths = header.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
        WriteRow(output, header, widths);
        WriteRow(output, [.. widths.Select(w => new string('-', w))], widths);
        foreach (var row in _rows)
        {
            WriteRow(output, row, widths);
        }

        output.WriteLine();
        foreach (var note in _notes)
        {
            output.WriteLine(note);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"machine: {machine["cores"]} cores, {machine["cpu"]}, {machine["os"]}, {machine["dotnet"]}, SQLite {machine["sqlite"]}"));
        // Parameters sit at the top level beside the scenario, as CONTRACTS.md's example shows.
        var json = new JsonObject { ["scenario"] = Scenario };
        foreach (var (name, value) in parameters.ToList())
        {
            parameters.Remove(name);
            json[name] = value;
        }

        json["machine"] = machine;
        json["systems"] = _systems;
        foreach (var (name, value) in _figures.ToList())
        {
            _figures.Remove(name);
            json[name] = value;
        }

        // The contract: the JSON object is the very last line of stdout.
        output.WriteLine(json.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
        output.Flush();
    }

    private JsonObject SystemNode(string key)
    {
        if (_systems[key] is not JsonObject node)
        {
            node = [];
            _systems[key] = node;
        }

        return node;
    }

    private static void WriteRow(TextWriter output, string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var i = 0; i < cells.Length; i++)
        {
            var numeric = i is 2 or 3 or 4;
            line.Append(numeric ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i])).Append("  ");
        }

        output.WriteLine(line.ToString().TrimEnd());
    }

    /// <summary>Enough digits to compare, not so many that they pretend to a precision the machine doesn't have.</summary>
    public static double Round(double value) =>
        double.IsFinite(value) ? Math.Abs(value) >= 100 ? Math.Round(value, 1) : Math.Round(value, 4) : value;

    public static string Format(double value) =>
        !double.IsFinite(value) ? "n/a"
        : Math.Abs(value) >= 1000 ? value.ToString("N0", CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 10 ? value.ToString("0.0", CultureInfo.InvariantCulture)
        : value.ToString("0.000", CultureInfo.InvariantCulture);
}
