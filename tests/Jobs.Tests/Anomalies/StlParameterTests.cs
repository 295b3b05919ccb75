using Jobs.Anomalies;

namespace Jobs.Tests.Anomalies;

/// <summary>Invalid STL and detector parameters get an error naming the parameter.</summary>
public sealed class StlParameterTests
{
    private static readonly double[] Series = [.. Enumerable.Range(0, 48).Select(t => Math.Sin(t / 2.0))];

    public static TheoryData<string, StlParameters> InvalidStl => new()
    {
        { "period", new StlParameters { Period = 1 } },
        { "seasonal", new StlParameters { Period = 12, Seasonal = 8 } },
        { "seasonal", new StlParameters { Period = 12, Seasonal = 1 } },
        { "trend", new StlParameters { Period = 12, Trend = 24 } },
        { "trend", new StlParameters { Period = 12, Trend = 11 } },
        { "low_pass", new StlParameters { Period = 12, LowPass = 14 } },
        { "low_pass", new StlParameters { Period = 12, LowPass = 11 } },
        { "seasonal_deg", new StlParameters { Period = 12, SeasonalDegree = 2 } },
        { "trend_deg", new StlParameters { Period = 12, TrendDegree = -1 } },
        { "low_pass_deg", new StlParameters { Period = 12, LowPassDegree = 3 } },
        { "seasonal_jump", new StlParameters { Period = 12, SeasonalJump = 0 } },
        { "trend_jump", new StlParameters { Period = 12, TrendJump = -2 } },
        { "low_pass_jump", new StlParameters { Period = 12, LowPassJump = 0 } },
        { "inner_iter", new StlParameters { Period = 12, InnerIterations = 0 } },
        { "outer_iter", new StlParameters { Period = 12, OuterIterations = -1 } },
        { "values", new StlParameters { Period = 25 } },
    };

    [Theory]
    [MemberData(nameof(InvalidStl))]
    public void Decompose_Throws_WhenAParameterIsInvalid(string parameter, StlParameters parameters)
    {
        var error = Assert.Throws<AnomalyParameterException>(() => new StlDecomposer().Decompose(Series, parameters));

        Assert.Equal(parameter, error.Parameter);
        Assert.Contains(parameter, error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Detectors_Throw_WhenAValueIsNotFinite(double bad)
    {
        var values = Series.ToArray();
        values[5] = bad;

        Assert.Equal("values", Assert.Throws<AnomalyParameterException>(() => new StlDecomposer().Decompose(values, new StlParameters { Period = 12 })).Parameter);
        Assert.Equal("values", Assert.Throws<AnomalyParameterException>(() => ZScoreDetector.Detect(values)).Parameter);
        Assert.Contains("values[5]", Assert.Throws<AnomalyParameterException>(() => RobustZScore.Score(values)).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public void Detectors_Throw_WhenTheThresholdIsNotPositive(double threshold)
    {
        Assert.Throws<AnomalyParameterException>(() => ZScoreDetector.Detect(Series, threshold));
        Assert.Throws<AnomalyParameterException>(() => RobustZScore.Score(Series, threshold));
        Assert.Equal("stl_threshold", Assert.Throws<AnomalyParameterException>(() => new AnomalyDetector().Detect(Series, new AnomalyDetectionSettings { StlThreshold = threshold, Stl = new StlParameters { Period = 12 } })).Parameter);
    }

    [Fact]
    public void Detect_Throws_WhenStlHasNoPeriod() =>
        Assert.Equal("period", Assert.Throws<AnomalyParameterException>(() => new AnomalyDetector().Detect(Series, new AnomalyDetectionSettings { Method = AnomalyMethod.Stl })).Parameter);

    [Fact]
    public void ZScore_Throws_WhenSampleStdHasOnePoint() =>
        Assert.Throws<AnomalyParameterException>(() => ZScoreDetector.Detect([1.0], 2, populationStd: false));

    [Theory]
    [InlineData(12, 7, 23)]
    [InlineData(24, 7, 47)]
    [InlineData(7, 7, 15)]
    [InlineData(12, 13, 21)]
    public void DefaultTrend_FollowsStatsmodels(int period, int seasonal, int trend) =>
        Assert.Equal(trend, StlParameters.DefaultTrend(period, seasonal));

    [Theory]
    [InlineData(12, 13)]
    [InlineData(24, 25)]
    [InlineData(7, 9)]
    public void DefaultLowPass_IsTheSmallestOddAboveThePeriod(int period, int lowPass) =>
        Assert.Equal(lowPass, StlParameters.DefaultLowPass(period));

    [Theory]
    [InlineData("zscore", AnomalyMethod.ZScore)]
    [InlineData("STL", AnomalyMethod.Stl)]
    [InlineData("combined", AnomalyMethod.Combined)]
    public void ParseMethod_AcceptsTheThreeNames(string name, AnomalyMethod method) => Assert.Equal(method, AnomalyNames.ParseMethod(name));

    [Fact]
    public void ParseMethod_Throws_ForAnUnknownName() =>
        Assert.Contains("zscore, stl or combined", Assert.Throws<AnomalyParameterException>(() => AnomalyNames.ParseMethod("magic")).Reason, StringComparison.Ordinal);
}
