using System.Buffers;
using System.Text;
using System.Text.Json;
using Jobs.Model;
using Jobs.Storage;

namespace Jobs.Tests.Storage;

/// <summary>The directly formatted history and attempts entries are exactly what a JSON writer would write.</summary>
public sealed class JsonFragmentsTests
{
    [Theory]
    [InlineData(JobState.Enqueued, 0L)]
    [InlineData(JobState.Processing, 1_764_000_000_123L)]
    [InlineData(JobState.DeadLettered, -5L)]
    public void History_WithoutReason_IsWhatTheWriterWrites(JobState state, long at)
    {
        var expected = Write(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("state", (int)state);
            w.WriteNumber("at", at);
            w.WriteEndObject();
        });

        Assert.Equal(expected, JsonFragments.History(state, at));
    }

    [Theory]
    [InlineData("node-1:42:abcd1234")]
    [InlineData("wéird \"node\" <b>&'\\")]
    public void Attempt_WithoutError_IsWhatTheWriterWrites_EscapingTheNode(string node)
    {
        var expected = Write(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("number", 3);
            w.WriteNumber("startedAt", 1_764_000_000_000L);
            w.WriteNumber("finishedAt", 1_764_000_000_250L);
            w.WriteNumber("outcome", (int)JobState.Succeeded);
            w.WriteString("node", node);
            w.WriteEndObject();
        });

        Assert.Equal(expected, JsonFragments.Attempt(3, 1_764_000_000_000L, 1_764_000_000_250L, JobState.Succeeded, node, null));
        Assert.Equal(expected, JsonFragments.Attempt(3, 1_764_000_000_000L, 1_764_000_000_250L, JobState.Succeeded, node, null));
        var parsed = Assert.Single(JsonFragments.ParseAttempts("[" + expected + "]"));
        Assert.Equal(node, parsed.Node);
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
