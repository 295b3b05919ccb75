using Jobs.Scheduling.Validation;
using Quartz;

namespace Jobs.Scheduling.Tests.Validation;

public sealed class IntervalSyntaxTests
{
    [Theory]
    [InlineData("every 15m", 15, IntervalUnit.Minute)]
    [InlineData("15m", 15, IntervalUnit.Minute)]
    [InlineData("2h", 2, IntervalUnit.Hour)]
    [InlineData("1d", 1, IntervalUnit.Day)]
    [InlineData("1h30m", 90, IntervalUnit.Minute)]
    [InlineData("every 2 hours", 2, IntervalUnit.Hour)]
    [InlineData("90s", 90, IntervalUnit.Second)]
    [InlineData("120m", 2, IntervalUnit.Hour)]
    [InlineData("1w", 1, IntervalUnit.Week)]
    [InlineData("EVERY 30 MINUTES", 30, IntervalUnit.Minute)]
    public void TryParse_ReadsTheInterval(string text, int amount, IntervalUnit unit)
    {
        Assert.True(IntervalSyntax.TryParse(text, out var interval, out var error), error);
        Assert.Equal(new ScheduleInterval(amount, unit), interval);
    }

    [Theory]
    [InlineData("every 0m", "shorter than the shortest")]
    [InlineData("every fortnight", "not an interval")]
    [InlineData("15", "unknown or missing unit")]
    [InlineData("15 parsecs", "unknown or missing unit")]
    [InlineData("9999999999m", "too large")]
    [InlineData("400d", "longer than the longest")]
    [InlineData("", "required")]
    public void TryParse_RefusesWithAReason(string text, string reason)
    {
        Assert.False(IntervalSyntax.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
