using Jobs.Anomalies;

namespace Jobs.Tests.Anomalies;

/// <summary>
/// STL and the detectors on edge cases. LOESS of degree 1 reproduces straight lines and degree 0 constants, and the
/// low-pass filter removes any zero-mean cycle, so a line (or constant) plus a periodic pattern must come back
/// exactly as trend + seasonal with a zero residual, whatever the spans and jumps.
/// </summary>
public sealed class StlEdgeCaseTests
{
    private static readonly double[] Pattern = [3, -1, 4, 1, -5, 9, 2, -6, 5, 3, -5, 8];

    [Fact]
    public void ConstantSeries_DecomposesToFlatTrend_AndFlagsNothing_WhenMadIsZero()
    {
        var values = Enumerable.Repeat(42.5, 48).ToArray();
        var detector = new AnomalyDetector();
        foreach (var robust in new[] { false, true })
        {
            var result = detector.Detect(values, new AnomalyDetectionSettings { Method = AnomalyMethod.Combined, Stl = new StlParameters { Period = 12, Robust = robust } });

            AssertAll(result.Decomposition!.Trend, 42.5);
            AssertAll(result.Decomposition.Seasonal, 0);
            AssertAll(result.Decomposition.Resid, 0);
            Assert.All(result.Decomposition.Weights, w => Assert.Equal(1.0, w));
            Assert.Equal(0, result.Residual!.Scale);
            Assert.Empty(result.Anomalies);
            Assert.All(result.Scores, s => Assert.Equal(0, s));
        }
    }

    [Fact]
    public void RobustZ_FallsBackToMeanAbsoluteDeviation_WhenMostResidualsAreEqual()
    {
        double[] residuals = [0, 0, 0, 0, 0, 0, 0, 1, -1, 10];
        var result = RobustZScore.Score(residuals, 3.5);

        Assert.Equal(0, result.Mad);
        Assert.Equal(RobustZScore.MeanAbsoluteDeviationToStd * 1.2, result.Scale, 1e-12);
        Assert.Equal([9], result.Flagged);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(2, 3, 5)]
    [InlineData(7, 11, 1000)]
    public void LinePlusCycle_IsRecoveredExactly_WithJumps(int seasonalJump, int trendJump, int lowPassJump)
    {
        var values = LinePlusCycle(60);
        var stl = new StlDecomposer().Decompose(values, new StlParameters
        {
            Period = 12,
            SeasonalJump = seasonalJump,
            TrendJump = trendJump,
            LowPassJump = lowPassJump,
        });

        AssertRecovered(stl, values.Length);
    }

    [Fact]
    public void SeriesOfExactlyTwoPeriods_IsDecomposed()
    {
        var values = LinePlusCycle(24);
        var stl = new StlDecomposer().Decompose(values, new StlParameters { Period = 12 });

        Assert.Equal(24, stl.Trend.Length);
        AssertRecovered(stl, 24);
    }

    [Fact]
    public void SpansLargerThanTheSubseries_AndTheSeries_AreAccepted()
    {
        // 3 points per cycle-subseries and 36 in all, smoothed with spans of 15, 51 and 49.
        var values = LinePlusCycle(36);
        var stl = new StlDecomposer().Decompose(values, new StlParameters { Period = 12, Seasonal = 15, Trend = 51, LowPass = 49, Robust = true });

        AssertRecovered(stl, 36);
    }

    [Fact]
    public void DegreeZero_ReproducesConstantPlusCycle()
    {
        var values = Enumerable.Range(0, 48).Select(t => 7.0 + Pattern[t % 12]).ToArray();
        var stl = new StlDecomposer().Decompose(values, new StlParameters { Period = 12, SeasonalDegree = 0, TrendDegree = 0, LowPassDegree = 0 });
        var mean = Pattern.Average();

        AssertAll(stl.Trend, 7.0 + mean);
        for (var t = 0; t < 48; t++)
        {
            Assert.Equal(Pattern[t % 12] - mean, stl.Seasonal[t], 1e-9);
        }
    }

    [Fact]
    public void DegreeZero_DiffersFromDegreeOne_OnATrendingSeries()
    {
        // A constant-only local fit cannot follow a slope at the ends: the degree must reach the smoother.
        var values = LinePlusCycle(48);
        var one = new StlDecomposer().Decompose(values, new StlParameters { Period = 12 });
        var zero = new StlDecomposer().Decompose(values, new StlParameters { Period = 12, TrendDegree = 0 });

        Assert.True(Math.Abs(one.Trend[0] - zero.Trend[0]) > 0.1);
    }

    [Fact]
    public void Decompose_IsRepeatable_WithOneDecomposerAcrossSizes()
    {
        var decomposer = new StlDecomposer();
        var big = ReferenceCase.Load("co2_monthly");
        var small = LinePlusCycle(30);
        var first = decomposer.Decompose(big.Values, big.Parameters(true));
        decomposer.Decompose(small, new StlParameters { Period = 12 });
        var again = decomposer.Decompose(big.Values, big.Parameters(true));

        Assert.Equal(first.Trend, again.Trend);
        Assert.Equal(first.Weights, again.Weights);
    }

    private static double[] LinePlusCycle(int n) => [.. Enumerable.Range(0, n).Select(t => 10.0 + (0.5 * t) + Pattern[t % 12])];

    private static void AssertRecovered(StlDecomposition stl, int n)
    {
        var mean = Pattern.Average();
        for (var t = 0; t < n; t++)
        {
            Assert.Equal(10.0 + (0.5 * t) + mean, stl.Trend[t], 1e-9);
            Assert.Equal(Pattern[t % 12] - mean, stl.Seasonal[t], 1e-9);
            Assert.Equal(0, stl.Resid[t], 1e-9);
        }
    }

    private static void AssertAll(double[] values, double expected) => Assert.All(values, v => Assert.Equal(expected, v, 1e-9));
}
