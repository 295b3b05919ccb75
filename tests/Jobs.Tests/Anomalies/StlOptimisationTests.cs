using Jobs.Anomalies;

namespace Jobs.Tests.Anomalies;

/// <summary>
/// The optimised decomposer against a literal NETLIB port (<see cref="NetlibStl"/>) where the statsmodels references
/// do not reach: long series (where the Fortran's linear correction switches off), jumps, degree 0, robust weights.
/// </summary>
public sealed class StlOptimisationTests
{
    public static TheoryData<int, int, bool, int, int> Cases => new()
    {
        // points, period, robust, jump, degree
        { 5_000, 24, false, 1, 1 },
        { 5_000, 24, true, 1, 1 },
        { 3_000, 12, true, 3, 1 },
        { 3_000, 12, true, 1, 0 },
        { 700, 7, true, 2, 1 },
        { 300, 12, false, 4, 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decompose_MatchesTheLiteralNetlibPort(int points, int period, bool robust, int jump, int degree)
    {
        var values = Series(points, period);
        var parameters = new StlParameters
        {
            Period = period,
            Robust = robust,
            SeasonalJump = jump,
            TrendJump = jump,
            LowPassJump = jump,
            SeasonalDegree = degree,
            TrendDegree = degree,
            LowPassDegree = degree,
        };
        var expected = new NetlibStl().Decompose(values, parameters);
        var actual = new StlDecomposer().Decompose(values, parameters);
        var tolerance = 1e-9 * Math.Max(1, values.Max(Math.Abs));

        StlReferenceTests.AssertClose(expected.Trend, actual.Trend, tolerance, "trend");
        StlReferenceTests.AssertClose(expected.Seasonal, actual.Seasonal, tolerance, "seasonal");
        StlReferenceTests.AssertClose(expected.Resid, actual.Resid, tolerance, "resid");
        StlReferenceTests.AssertClose(expected.Weights, actual.Weights, tolerance, "weights");
    }

    private static double[] Series(int n, int period)
    {
        var random = new Random(7);
        return [.. Enumerable.Range(0, n).Select(t => 50 + (0.01 * t) + (8 * Math.Sin(2 * Math.PI * t / period)) + random.NextDouble() + (t % 97 == 13 ? 15 : 0))];
    }
}
