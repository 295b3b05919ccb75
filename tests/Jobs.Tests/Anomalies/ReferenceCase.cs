using System.Text.Json;

namespace Jobs.Tests.Anomalies;

/// <summary>One statsmodels reference file from Anomalies/Reference (see the README of the shared reference set).</summary>
internal sealed class ReferenceCase
{
    private ReferenceCase(string name, JsonElement root)
    {
        Name = name;
        Root = root;
    }

    /// <summary>The three reference files, by name.</summary>
    public static TheoryData<string> Names => ["co2_monthly", "nottem", "synthetic_spikes"];

    public string Name { get; }

    public JsonElement Root { get; }

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Anomalies", "Reference", name + ".json");

    public static ReferenceCase Load(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(PathOf(name)));
        return new ReferenceCase(name, document.RootElement.Clone());
    }

    public double[] Values => Doubles(Root.GetProperty("values"));

    public int Period => Root.GetProperty("period").GetInt32();

    /// <summary>The tolerance the reference set asks for: 1e-9 x max(1, max|value|).</summary>
    public double Tolerance => 1e-9 * Math.Max(1, Values.Max(Math.Abs));

    public Jobs.Anomalies.StlParameters Parameters(bool robust)
    {
        var p = Root.GetProperty("params");
        var fit = Root.GetProperty(robust ? "robust_stl" : "stl");
        return new Jobs.Anomalies.StlParameters
        {
            Period = p.GetProperty("period").GetInt32(),
            Seasonal = p.GetProperty("seasonal").GetInt32(),
            Trend = p.GetProperty("trend").GetInt32(),
            LowPass = p.GetProperty("low_pass").GetInt32(),
            SeasonalDegree = p.GetProperty("seasonal_deg").GetInt32(),
            TrendDegree = p.GetProperty("trend_deg").GetInt32(),
            LowPassDegree = p.GetProperty("low_pass_deg").GetInt32(),
            SeasonalJump = p.GetProperty("seasonal_jump").GetInt32(),
            TrendJump = p.GetProperty("trend_jump").GetInt32(),
            LowPassJump = p.GetProperty("low_pass_jump").GetInt32(),
            Robust = robust,
            InnerIterations = fit.GetProperty("inner_iter").GetInt32(),
            OuterIterations = fit.GetProperty("outer_iter").GetInt32(),
        };
    }

    public JsonElement Section(string name) => Root.GetProperty(name);

    public static double[] Doubles(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];

    public static int[] Ints(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetInt32())];
}
