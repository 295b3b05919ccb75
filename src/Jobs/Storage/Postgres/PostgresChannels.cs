using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Jobs.Events;
using Jobs.Model;

namespace Jobs.Storage.Postgres;

/// <summary>The notification channels the nodes of one database talk on, and their payloads.</summary>
/// <remarks>
/// PostgreSQL caps a payload below 8000 bytes, so events travel in chunks of at most <see cref="MaxPayloadBytes"/>.
/// Every payload names its sender, so a node ignores its own notifications (it already acted on them in-process).
/// </remarks>
internal static class PostgresChannels
{
    /// <summary>Work became claimable (<c>w</c>) or a cancel request was written (<c>c</c>): <c>sender|w|runAt</c>.</summary>
    public const string Work = "jobs_work";

    /// <summary>Job events (state changes and progress), coalesced per job: <c>{"s":sender,"e":[[...],...]}</c>.</summary>
    public const string Events = "jobs_events";

    public const int MaxPayloadBytes = 7000;

    public static string WorkPayload(string sender, bool claimable, long? runAt) =>
        string.Create(CultureInfo.InvariantCulture, $"{sender}|{(claimable ? 'w' : 'c')}|{runAt}");

    public static (string Sender, bool Claimable, long? RunAt) ParseWork(string payload)
    {
        var last = payload.LastIndexOf('|');
        var middle = payload.LastIndexOf('|', last - 1);
        var runAt = long.TryParse(payload.AsSpan(last + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var at) ? at : (long?)null;
        return (payload[..middle], payload[middle + 1] == 'w', runAt);
    }

    /// <summary>Writes events into payloads of at most <see cref="MaxPayloadBytes"/> each; an event too big on its own is cut to its state.</summary>
    public static List<string> EventPayloads(string sender, IEnumerable<JobEvent> events)
    {
        var payloads = new List<string>();
        var buffer = new ArrayBufferWriter<byte>(MaxPayloadBytes);
        var entry = new ArrayBufferWriter<byte>(256);
        var head = Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(sender)) + 12;
        var count = 0;

        void Flush()
        {
            if (count > 0)
            {
                payloads.Add($"{{\"s\":{JsonSerializer.Serialize(sender)},\"e\":[{Encoding.UTF8.GetString(buffer.WrittenSpan)}]}}");
            }

            buffer.Clear();
            count = 0;
        }

        foreach (var e in events)
        {
            entry.Clear();
            WriteEvent(entry, e, e.Progress);
            if (head + entry.WrittenCount > MaxPayloadBytes)
            {
                entry.Clear();
                WriteEvent(entry, e, null);
            }

            if (head + buffer.WrittenCount + entry.WrittenCount + 1 > MaxPayloadBytes)
            {
                Flush();
            }

            if (count > 0)
            {
                buffer.Write(","u8);
            }

            buffer.Write(entry.WrittenSpan);
            count++;
        }

        Flush();
        return payloads;
    }

    private static void WriteEvent(ArrayBufferWriter<byte> output, JobEvent e, JobProgress? progress)
    {
        using var w = new Utf8JsonWriter(output);
        w.WriteStartArray();
        w.WriteNumberValue(e.JobId);
        w.WriteNumberValue((int)e.State);
        w.WriteStringValue(e.Type);
        w.WriteStringValue(e.Queue);
        w.WriteNumberValue(e.At.ToUnixTimeMilliseconds());
        if (progress is { } p)
        {
            w.WriteNumberValue(p.Fraction);
            if (p.Message is null)
            {
                w.WriteNullValue();
            }
            else
            {
                w.WriteStringValue(p.Message);
            }

            WriteNullable(w, p.Current);
            WriteNullable(w, p.Total);
        }

        w.WriteEndArray();
    }

    private static void WriteNullable(Utf8JsonWriter w, long? value)
    {
        if (value is { } v)
        {
            w.WriteNumberValue(v);
        }
        else
        {
            w.WriteNullValue();
        }
    }

    /// <summary>Reads an events payload; null sender when it is not one.</summary>
    public static (string? Sender, List<JobEvent> Events) ParseEvents(string payload)
    {
        var list = new List<JobEvent>();
        using var doc = JsonDocument.Parse(payload);
        var sender = doc.RootElement.GetProperty("s").GetString();
        foreach (var a in doc.RootElement.GetProperty("e").EnumerateArray())
        {
            JobProgress? progress = null;
            if (a.GetArrayLength() > 5)
            {
                progress = new JobProgress(
                    a[5].GetDouble(),
                    a[6].ValueKind == JsonValueKind.Null ? null : a[6].GetString(),
                    a[7].ValueKind == JsonValueKind.Null ? null : a[7].GetInt64(),
                    a[8].ValueKind == JsonValueKind.Null ? null : a[8].GetInt64());
            }

            list.Add(new JobEvent(a[0].GetInt64(), a[2].GetString() ?? "", a[3].GetString() ?? "", (JobState)a[1].GetInt32(), progress,
                DateTimeOffset.FromUnixTimeMilliseconds(a[4].GetInt64())));
        }

        return (sender, list);
    }
}
