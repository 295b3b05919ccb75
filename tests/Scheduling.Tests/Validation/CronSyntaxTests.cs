using Jobs.Scheduling.Validation;

namespace Jobs.Scheduling.Tests.Validation;

public sealed class CronSyntaxTests
{
    [Theory]
    [InlineData("1--100000000 * * * *", "minute field '1--100000000'")]
    [InlineData("*/0 * * * *", "minute field '*/0': the step in '*/0' must be from 1 to 59")]
    [InlineData("0 */0 * * *", "hour field '*/0'")]
    [InlineData("70 * * * *", "minute field '70': 70 is out of range (0 to 59)")]
    [InlineData("0 24 * * *", "hour field '24': 24 is out of range (0 to 23)")]
    [InlineData("0 9 32 * *", "day-of-month field '32'")]
    [InlineData("0 9 * 13 *", "month field '13'")]
    [InlineData("0 9 * * 8", "day-of-week field '8'")]
    [InlineData("0 9 * * FOO", "day-of-week field 'FOO'")]
    [InlineData("0-99999999999999999999 * * * *", "minute field")]
    [InlineData("0 9 * *", "has 5 fields")]
    [InlineData("0 0 9 * * MON", "one of day-of-month and day-of-week must be '?'")]
    [InlineData("0 0 9 * * ? 1900", "year field '1900'")]
    [InlineData("1,,2 * * * *", "empty value")]
    [InlineData("5/ * * * *", "step")]
    public void Check_NamesTheFieldAndTheProblem(string cron, string message)
    {
        var error = CronSyntax.Check(cron, out _);
        Assert.NotNull(error);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0 9 * * *")]
    [InlineData("*/15 * * * *")]
    [InlineData("0 9 * * MON-FRI")]
    [InlineData("0 9 1,15 * *")]
    [InlineData("0 0 9 ? * MON#2")]
    [InlineData("0 0 18 L * ?")]
    [InlineData("0 0 9 15W * ?")]
    [InlineData("0 0 12 ? * 6L 2027")]
    [InlineData("0 15 10 ? * 2-6")]
    public void Check_AcceptsWhatQuartzAccepts(string cron)
    {
        Assert.Null(CronSyntax.Check(cron, out _));
        Assert.True(CronSyntax.TryParse(cron, TimeZoneInfo.Utc, out var parsed, out var error), error);
        Assert.NotNull(parsed);
    }

    [Fact]
    public void Check_RefusesAbsurdInput_WithoutLargeAllocations()
    {
        var inputs = new[] { "1--100000000 * * * *", "*/0 * * * *", "0-2147483647 * * * *", "1-99999999999999999999/1 * * * *", "0/100000000 * * * *" };
        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var input in inputs)
        {
            Assert.NotNull(CronSyntax.Check(input, out _));
        }

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024, "refusing absurd ranges must not allocate per value");
    }

    [Fact]
    public void TryParse_RefusesAnExpressionThatIsTooLong()
    {
        var cron = string.Join(",", Enumerable.Range(0, 59)) + " " + string.Join(",", Enumerable.Range(0, 23)) + " * * *" + new string(' ', 200);
        Assert.False(CronSyntax.TryParse(cron, TimeZoneInfo.Utc, out _, out var error));
        Assert.Contains("at most 200 characters", error, StringComparison.Ordinal);
    }
}
