using Jobs.Events;
using Jobs.Model;
using Jobs.Storage.Postgres;

namespace Jobs.Tests.Storage;

/// <summary>What crosses nodes in a notification: bounded payloads that read back as the events sent.</summary>
public sealed class PostgresChannelsTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void EventPayloads_StayUnderPostgresLimit_AndReadBackEveryEvent()
    {
        var events = Enumerable.Range(1, 3000)
            .Select(i => new JobEvent(i, "report \"q\"", "default", JobState.Processing, new JobProgress(i / 3000.0, $"step {i} ✓", i, 3000), At.AddMilliseconds(i)))
            .ToList();

        var payloads = PostgresChannels.EventPayloads("node-a:1:abc", events);

        Assert.True(payloads.Count > 1);
        Assert.All(payloads, p => Assert.True(System.Text.Encoding.UTF8.GetByteCount(p) <= PostgresChannels.MaxPayloadBytes));
        var back = payloads.Select(PostgresChannels.ParseEvents).ToList();
        Assert.All(back, b => Assert.Equal("node-a:1:abc", b.Sender));
        Assert.Equal(events, back.SelectMany(b => b.Events));
    }

    [Fact]
    public void EventPayloads_CutAnOversizedProgressMessage_ButKeepTheState()
    {
        var huge = new JobEvent(7, "t", "q", JobState.Processing, new JobProgress(0.5, new string('x', 20_000)), At);

        var payload = Assert.Single(PostgresChannels.EventPayloads("n", [huge]));

        Assert.True(payload.Length <= PostgresChannels.MaxPayloadBytes);
        Assert.Equal(huge with { Progress = null }, Assert.Single(PostgresChannels.ParseEvents(payload).Events));
    }

    [Theory]
    [InlineData(true, 1767258000000L)]
    [InlineData(true, null)]
    [InlineData(false, null)]
    public void WorkPayload_ReadsBack_EvenWhenTheSenderNameHasBars(bool claimable, long? runAt)
    {
        var parsed = PostgresChannels.ParseWork(PostgresChannels.WorkPayload("odd|name:1:ff", claimable, runAt));
        Assert.Equal(("odd|name:1:ff", claimable, runAt), parsed);
    }
}
