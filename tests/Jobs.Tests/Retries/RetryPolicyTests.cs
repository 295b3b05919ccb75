using Jobs.Retries;

namespace Jobs.Tests.Retries;

public sealed class RetryPolicyTests
{
    private static readonly RetryPolicy Policy = new(5, TimeSpan.FromSeconds(2), 2.0, Jitter: false, MaxDelay: TimeSpan.FromSeconds(20));

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(4, 16)]
    [InlineData(5, 20)]
    public void DelayFor_GrowsExponentially_UpToTheCap(int retry, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Policy.DelayFor(retry, 0.99));

    [Theory]
    [InlineData(0.0, 4000)]
    [InlineData(0.5, 6000)]
    [InlineData(0.999, 7996)]
    public void DelayFor_SpreadsBetweenHalfAndFull_WhenJitterIsOn(double random, int ms) =>
        Assert.Equal(TimeSpan.FromMilliseconds(ms), (Policy with { Jitter = true }).DelayFor(3, random));

    [Fact]
    public void DelayFor_Throws_WhenRetryNumberIsBelowOne() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Policy.DelayFor(0, 0));
}
