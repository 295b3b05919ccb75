using System.Globalization;
using System.Text.Json;
using Jobs.Anomalies;

namespace Jobs.Dashboard.Cli;

/// <summary>Writes an <c>anomalies detect</c> result: one JSON object (<c>--json</c>) or a readable table.</summary>
/// <remarks>
/// JSON fields: <c>method</c>, <c>n</c>, <c>period</c> and the resolved <c>stl</c> parameters (when STL ran), <c>trend</c>,
/// <c>seasonal</c>, <c>resid</c> (when STL ran), <c>weights</c> (robust STL only), <c>flagged</c> (0-based indices),
/// <c>scores</c> (one per point, see <see cref="AnomalyDetectionResult.Scores"/>), and <c>anomalies</c> (each flagged
/// point with value, expected, score, methods and severity). Numbers are written to round-trip exactly.
/// </remarks>
internal static class AnomalyReport
{
    public static void WriteJson(TextWriter output, AnomalyDetectionResult result, StlDecomposition? components, AnomalyInput input)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(result);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("method", result.Settings.Method.ToName());
            json.WriteNumber("n", input.Values.Length);
            if (components is not null)
            {
                var s = components.Settings;
                json.WriteNumber("period", s.Period);
                json.WriteStartObject("stl");
                json.WriteNumber("seasonal", s.Seasonal);
                json.WriteNumber("trend", s.Trend);
                json.WriteNumber("low_pass", s.LowPass);
                json.WriteNumber("seasonal_deg", s.SeasonalDegree);
                json.WriteNumber("trend_deg", s.TrendDegree);
                json.WriteNumber("low_pass_deg", s.LowPassDegree);
                json.WriteNumber("seasonal_jump", s.SeasonalJump);
                json.WriteNumber("trend_jump", s.TrendJump);
                json.WriteNumber("low_pass_jump", s.LowPassJump);
                json.WriteNumber("inner_iter", s.InnerIterations);
                json.WriteNumber("outer_iter", s.OuterIterations);
                json.WriteEndObject();
                Array(json, "trend", components.Trend);
                Array(json, "seasonal", components.Seasonal);
                Array(json, "resid", components.Resid);
                if (components.IsRobust)
                {
                    Array(json, "weights", components.Weights);
                }
            }

            json.WriteStartArray("flagged");
            foreach (var i in result.Flagged)
            {
                json.WriteNumberValue(i);
            }

            json.WriteEndArray();
            Array(json, "scores", result.Scores);
            json.WriteStartArray("anomalies");
            foreach (var a in result.Anomalies)
            {
                json.WriteStartObject();
                json.WriteNumber("index", a.Index);
                if (input.Timestamps is { } ts)
                {
                    json.WriteString("timestamp", ts[a.Index]);
                }

                json.WriteNumber("value", a.Value);
                json.WriteNumber("expected", a.Expected);
                json.WriteNumber("score", a.Score);
                json.WriteString("methods", a.Methods.ToName());
                json.WriteString("severity", a.Severity.ToName());
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    public static void WriteTable(TextWriter output, AnomalyDetectionResult result, StlDecomposition? components, AnomalyInput input)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(result);
        var settings = result.Settings;
        var line = $"{input.Values.Length} points, method {settings.Method.ToName()}";
        if (components is not null)
        {
            var s = components.Settings;
            line += Invariant($", period {s.Period} (seasonal {s.Seasonal}, trend {s.Trend}, low-pass {s.LowPass}, inner {s.InnerIterations}, outer {s.OuterIterations})");
        }

        output.WriteLine(line);
        if (result.ZScore is { } z)
        {
            output.WriteLine(Invariant($"z-score: mean {z.Mean:G6}, {(z.PopulationStd ? "population" : "sample")} std {z.StandardDeviation:G6}, threshold {z.Threshold:G4}, {z.Flagged.Length} flagged"));
        }

        if (result.Residual is { } r)
        {
            output.WriteLine(Invariant($"STL residual: median {r.Median:G6}, MAD {r.Mad:G6}, scale {r.Scale:G6}, threshold {r.Threshold:G4}, {r.Flagged.Length} flagged"));
        }

        output.WriteLine($"{result.Anomalies.Count} anomal{(result.Anomalies.Count == 1 ? "y" : "ies")}");
        if (result.Anomalies.Count == 0)
        {
            return;
        }

        var rows = new List<string[]> { new[] { "index", input.Timestamps is null ? "" : "timestamp", "value", "expected", "score", "methods", "severity" } };
        rows.AddRange(result.Anomalies.Select(a => new[]
        {
            a.Index.ToString(CultureInfo.InvariantCulture),
            input.Timestamps?[a.Index] ?? "",
            Invariant($"{a.Value:G6}"),
            Invariant($"{a.Expected:G6}"),
            Invariant($"{a.Score:0.000}"),
            a.Methods.ToName(),
            a.Severity.ToName(),
        }));
        var keep = Enumerable.Range(0, 7).Where(c => c != 1 || input.Timestamps is not null).ToArray();
        var widths = keep.Select(c => rows.Max(row => row[c].Length)).ToArray();
        foreach (var row in rows)
        {
            output.WriteLine(string.Join("  ", keep.Select((c, k) => c is 0 or 2 or 3 or 4 ? row[c].PadLeft(widths[k]) : row[c].PadRight(widths[k]))).TrimEnd());
        }
    }

    private static void Array(Utf8JsonWriter json, string name, double[] values)
    {
        json.WriteStartArray(name);
        foreach (var v in values)
        {
            json.WriteNumberValue(v);
        }

        json.WriteEndArray();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
