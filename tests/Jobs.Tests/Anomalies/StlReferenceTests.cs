using Jobs.Anomalies;

namespace Jobs.Tests.Anomalies;

/// <summary>STL against statsmodels 0.13.5 on every reference case, to 1e-9 x max(1, max|value|).</summary>
public sealed class StlReferenceTests
{
    [Theory]
    [MemberData(nameof(ReferenceCase.Names), MemberType = typeof(ReferenceCase))]
    public void Decompose_MatchesStatsmodels_WhenNotRobust(string name)
    {
        var reference = ReferenceCase.Load(name);
        var result = new StlDecomposer().Decompose(reference.Values, reference.Parameters(robust: false));
        var expected = reference.Section("stl");

        AssertClose(ReferenceCase.Doubles(expected.GetProperty("trend")), result.Trend, reference.Tolerance, "trend");
        AssertClose(ReferenceCase.Doubles(expected.GetProperty("seasonal")), result.Seasonal, reference.Tolerance, "seasonal");
        AssertClose(ReferenceCase.Doubles(expected.GetProperty("resid")), result.Resid, reference.Tolerance, "resid");
        Assert.All(result.Weights, w => Assert.Equal(1.0, w));
    }

    [Theory]
    [MemberData(nameof(ReferenceCase.Names), MemberType = typeof(ReferenceCase))]
    public void Decompose_MatchesStatsmodelsIncludingWeights_WhenRobust(string name)
    {
        var reference = ReferenceCase.Load(name);
        var result = new StlDecomposer().Decompose(reference.Values, reference.Parameters(robust: true));
        var expected = reference.Section("robust_stl");

        AssertClose(ReferenceCase.Doubles(expected.GetProperty("trend")), result.Trend, reference.Tolerance, "trend");
        AssertClose(ReferenceCase.Doubles(expected.GetProperty("seasonal")), result.Seasonal, reference.Tolerance, "seasonal");
        AssertClose(ReferenceCase.Doubles(expected.GetProperty("resid")), result.Resid, reference.Tolerance, "resid");
        AssertClose(ReferenceCase.Doubles(expected.GetProperty("weights")), result.Weights, reference.Tolerance, "weights");
    }

    [Theory]
    [MemberData(nameof(ReferenceCase.Names), MemberType = typeof(ReferenceCase))]
    public void Decompose_UsesStatsmodelsDefaults_WhenSpansAreLeftOut(string name)
    {
        // The reference files pass statsmodels' defaults explicitly; leaving them out must give the same fit.
        var reference = ReferenceCase.Load(name);
        var result = new StlDecomposer().Decompose(reference.Values, new StlParameters { Period = reference.Period });

        AssertClose(ReferenceCase.Doubles(reference.Section("stl").GetProperty("trend")), result.Trend, reference.Tolerance, "trend");
        Assert.Equal(reference.Parameters(false).Trend, result.Settings.Trend);
        Assert.Equal(reference.Parameters(false).LowPass, result.Settings.LowPass);
    }

    internal static void AssertClose(double[] expected, double[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = 0.0;
        var at = -1;
        for (var i = 0; i < expected.Length; i++)
        {
            var diff = Math.Abs(expected[i] - actual[i]);
            if (diff > worst)
            {
                worst = diff;
                at = i;
            }
        }

        Assert.True(worst <= tolerance, $"{what}: largest difference {worst:E3} at index {at} exceeds {tolerance:E3}");
    }
}
