using System.Text.Json;
using Jobs.Anomalies;

namespace Jobs.Tests.Anomalies;

/// <summary>The z-score, STL and robust-STL rules against the reference files: statistics to tolerance, flags exactly.</summary>
public sealed class DetectorReferenceTests
{
    [Theory]
    [MemberData(nameof(ReferenceCase.Names), MemberType = typeof(ReferenceCase))]
    public void ZScore_MatchesReference_ForEveryThresholdAndStd(string name)
    {
        var reference = ReferenceCase.Load(name);
        var variants = reference.Section("zscore_variants").EnumerateArray().Append(reference.Section("zscore"));
        foreach (var variant in variants)
        {
            var threshold = variant.GetProperty("threshold").GetDouble();
            var population = variant.GetProperty("population_std").GetBoolean();
            var result = ZScoreDetector.Detect(reference.Values, threshold, population);

            Assert.Equal(variant.GetProperty("mean").GetDouble(), result.Mean, 1e-9 * Math.Abs(result.Mean));
            Assert.Equal(variant.GetProperty("std").GetDouble(), result.StandardDeviation, 1e-9 * result.StandardDeviation);
            StlReferenceTests.AssertClose(ReferenceCase.Doubles(variant.GetProperty("scores")), result.Scores, 1e-9, $"scores t={threshold} pop={population}");
            Assert.Equal(ReferenceCase.Ints(variant.GetProperty("flagged_indices")), result.Flagged);
        }
    }

    [Theory]
    [MemberData(nameof(ReferenceCase.Names), MemberType = typeof(ReferenceCase))]
    public void StlRule_FlagsExactlyTheReferencePoints_OnPlainStl(string name) =>
        AssertRobustZ(ReferenceCase.Load(name), robust: false, "stl_anomalies");

    [Theory]
    [MemberData(nameof(ReferenceCase.Names), MemberType = typeof(ReferenceCase))]
    public void StlRule_FlagsExactlyTheReferencePoints_OnRobustStl(string name) =>
        AssertRobustZ(ReferenceCase.Load(name), robust: true, "robust_stl_anomalies");

    [Theory]
    [MemberData(nameof(ReferenceCase.Names), MemberType = typeof(ReferenceCase))]
    public void Combined_ReportsTheUnionOnce_WithBothMethodsOnTheIntersection(string name)
    {
        var reference = ReferenceCase.Load(name);
        var result = new AnomalyDetector().Detect(reference.Values, new AnomalyDetectionSettings
        {
            Method = AnomalyMethod.Combined,
            Stl = reference.Parameters(robust: false),
            ZScoreThreshold = 3.0,
        });
        var combined = reference.Section("combined");

        Assert.Equal(ReferenceCase.Ints(combined.GetProperty("union")), result.Flagged);
        Assert.Equal(result.Flagged.Distinct().Count(), result.Anomalies.Count);
        Assert.Equal(
            ReferenceCase.Ints(combined.GetProperty("intersection")),
            result.Anomalies.Where(a => a.Methods == (AnomalyMethods.ZScore | AnomalyMethods.Stl)).Select(a => a.Index));
    }

    [Fact]
    public void Combined_GivesSeverityFromTheStrongestRule_AndExpectedFromTrendPlusSeasonal()
    {
        var reference = ReferenceCase.Load("synthetic_spikes");
        var result = new AnomalyDetector().Detect(reference.Values, new AnomalyDetectionSettings
        {
            Method = AnomalyMethod.Combined,
            Stl = reference.Parameters(robust: false),
        });

        // Index 230 carries the +18 spike: far past both thresholds.
        var spike = Assert.Single(result.Anomalies, a => a.Index == 230);
        Assert.Equal(AnomalyMethods.ZScore | AnomalyMethods.Stl, spike.Methods);
        Assert.Equal(AnomalySeverity.Critical, spike.Severity);
        Assert.Equal(result.Decomposition!.Trend[230] + result.Decomposition.Seasonal[230], spike.Expected);
        Assert.Equal(Math.Max(Math.Abs(spike.ZScore!.Value) / 2.0, spike.StlScore!.Value / 3.5), result.Scores[230]);
        foreach (var a in result.Anomalies)
        {
            var ratio = Math.Max(Math.Abs(a.ZScore!.Value) / 2.0, a.StlScore!.Value / 3.5);
            Assert.Equal(AnomalyNames.SeverityOf(ratio), a.Severity);
            Assert.True(ratio > 1);
        }
    }

    [Theory]
    [InlineData(1.0, AnomalySeverity.Low)]
    [InlineData(1.49, AnomalySeverity.Low)]
    [InlineData(1.5, AnomalySeverity.Medium)]
    [InlineData(2.0, AnomalySeverity.High)]
    [InlineData(2.99, AnomalySeverity.High)]
    [InlineData(3.0, AnomalySeverity.Critical)]
    public void SeverityOf_StepsAtOneAndAHalfTwoAndThreeTimesTheThreshold(double ratio, AnomalySeverity expected) =>
        Assert.Equal(expected, AnomalyNames.SeverityOf(ratio));

    private static void AssertRobustZ(ReferenceCase reference, bool robust, string section)
    {
        var expected = reference.Section(section);
        var threshold = expected.GetProperty("threshold").GetDouble();
        var result = new AnomalyDetector().Detect(reference.Values, new AnomalyDetectionSettings
        {
            Method = AnomalyMethod.Stl,
            Stl = reference.Parameters(robust),
            StlThreshold = threshold,
        });
        var residual = result.Residual!;

        Assert.Equal(Double(expected, "median"), residual.Median, 1e-9);
        Assert.Equal(Double(expected, "mad"), residual.Mad, 1e-9);
        Assert.Equal(Double(expected, "scale"), residual.Scale, 1e-9);
        // Scores divide residual differences (accurate to ~1e-11) by the scale: compare relative to the scale.
        StlReferenceTests.AssertClose(ReferenceCase.Doubles(expected.GetProperty("scores")), residual.Scores, 1e-9 * reference.Tolerance / 1e-9 / residual.Scale, "scores");
        Assert.Equal(ReferenceCase.Ints(expected.GetProperty("flagged_indices")), residual.Flagged);
        Assert.Equal(residual.Flagged, result.Flagged);
        Assert.All(result.Anomalies, a => Assert.Equal(AnomalyMethods.Stl, a.Methods));
    }

    private static double Double(JsonElement e, string name) => e.GetProperty(name).GetDouble();
}
