using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Jobs.Model;

namespace Jobs.Storage;

/// <summary>Writes the JSON elements appended to a job's <c>history</c> and <c>attempts</c> columns.</summary>
/// <remarks>
/// The columns are JSON arrays that only ever grow at the end, so the writer appends text fragments
/// with SQL string concatenation instead of parsing and re-serializing the array.
/// </remarks>
internal static class JsonFragments
{
    /// <summary>A history entry: <c>{"state":N,"at":ms}</c>, plus <c>"reason"</c> when given.</summary>
    /// <remarks>Every job writes two or three of these: without a reason (the common case) it is formatted directly, no JSON writer needed.</remarks>
    public static string History(JobState state, long atMs, string? reason = null) =>
        reason is null
            ? string.Create(CultureInfo.InvariantCulture, $"{{\"state\":{(int)state},\"at\":{atMs}}}")
            : HistoryWithReason(state, atMs, reason);

    private static string HistoryWithReason(JobState state, long atMs, string reason)
    {
        var buffer = new ArrayBufferWriter<byte>(96);
        using (var w = new Utf8JsonWriter(buffer))
        {
            WriteHistory(w, state, atMs, reason);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>An attempts entry: number, start, end, outcome, node, and the error when there was one.</summary>
    /// <remarks>Without an error (every successful attempt) it is formatted directly, with the node's name escaped once per process.</remarks>
    public static string Attempt(int number, long startedAtMs, long finishedAtMs, JobState outcome, string node, JobError? error) =>
        error is null
            ? string.Create(CultureInfo.InvariantCulture,
                $"{{\"number\":{number},\"startedAt\":{startedAtMs},\"finishedAt\":{finishedAtMs},\"outcome\":{(int)outcome},\"node\":\"{Escaped(node)}\"}}")
            : AttemptWithError(number, startedAtMs, finishedAtMs, outcome, node, error);

    private static (string Raw, string Escaped)? _lastNode;

    /// <summary>The node name as a JSON string's content, escaped as <see cref="Utf8JsonWriter"/> would; cached, as it never changes.</summary>
    private static string Escaped(string node)
    {
        if (_lastNode is { } last && ReferenceEquals(last.Raw, node))
        {
            return last.Escaped;
        }

        var escaped = JsonEncodedText.Encode(node).ToString();
        _lastNode = (node, escaped);
        return escaped;
    }

    private static string AttemptWithError(int number, long startedAtMs, long finishedAtMs, JobState outcome, string node, JobError? error)
    {
        var buffer = new ArrayBufferWriter<byte>(error is null ? 128 : 1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("number"u8, number);
            w.WriteNumber("startedAt"u8, startedAtMs);
            w.WriteNumber("finishedAt"u8, finishedAtMs);
            w.WriteNumber("outcome"u8, (int)outcome);
            w.WriteString("node"u8, node);
            if (error is not null)
            {
                w.WriteStartObject("error"u8);
                w.WriteString("type"u8, error.Type);
                w.WriteString("message"u8, error.Message);
                if (error.StackTrace is not null)
                {
                    w.WriteString("stackTrace"u8, error.StackTrace);
                }

                w.WriteBoolean("transient"u8, error.Transient);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteHistory(Utf8JsonWriter w, JobState state, long atMs, string? reason)
    {
        w.WriteStartObject();
        w.WriteNumber("state"u8, (int)state);
        w.WriteNumber("at"u8, atMs);
        if (reason is not null)
        {
            w.WriteString("reason"u8, reason);
        }

        w.WriteEndObject();
    }

    /// <summary>Reads a <c>history</c> column.</summary>
    public static IReadOnlyList<JobHistoryEntry> ParseHistory(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        using var doc = JsonDocument.Parse(json);
        var list = new List<JobHistoryEntry>(doc.RootElement.GetArrayLength());
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            list.Add(new JobHistoryEntry(
                (JobState)e.GetProperty("state").GetInt32(),
                DateTimeOffset.FromUnixTimeMilliseconds(e.GetProperty("at").GetInt64()),
                e.TryGetProperty("reason", out var r) ? r.GetString() : null));
        }

        return list;
    }

    /// <summary>Reads an <c>attempts</c> column.</summary>
    public static IReadOnlyList<JobAttempt> ParseAttempts(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        using var doc = JsonDocument.Parse(json);
        var list = new List<JobAttempt>(doc.RootElement.GetArrayLength());
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            JobError? error = null;
            if (e.TryGetProperty("error", out var err))
            {
                error = new JobError(
                    err.GetProperty("type").GetString() ?? "",
                    err.GetProperty("message").GetString() ?? "",
                    err.TryGetProperty("stackTrace", out var st) ? st.GetString() : null,
                    err.TryGetProperty("transient", out var tr) && tr.GetBoolean());
            }

            list.Add(new JobAttempt
            {
                Number = e.GetProperty("number").GetInt32(),
                StartedAt = DateTimeOffset.FromUnixTimeMilliseconds(e.GetProperty("startedAt").GetInt64()),
                FinishedAt = DateTimeOffset.FromUnixTimeMilliseconds(e.GetProperty("finishedAt").GetInt64()),
                Outcome = (JobState)e.GetProperty("outcome").GetInt32(),
                Node = e.TryGetProperty("node", out var n) ? n.GetString() : null,
                Error = error,
            });
        }

        return list;
    }

    public static string? Tags(IReadOnlyList<string> tags) =>
        tags.Count == 0 ? null : JsonSerializer.Serialize(tags, StorageJsonContext.Default.IReadOnlyListString);

    public static IReadOnlyList<string> ParseTags(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize(json, StorageJsonContext.Default.ListString) ?? [];

    public static string? Metadata(IReadOnlyDictionary<string, string>? metadata) =>
        metadata is null || metadata.Count == 0 ? null : JsonSerializer.Serialize(metadata, StorageJsonContext.Default.IReadOnlyDictionaryStringString);

    public static IReadOnlyDictionary<string, string> ParseMetadata(string? json) =>
        string.IsNullOrEmpty(json)
            ? Processing.JobTicket.EmptyMetadata
            : JsonSerializer.Deserialize(json, StorageJsonContext.Default.DictionaryStringString) ?? [];
}

[System.Text.Json.Serialization.JsonSerializable(typeof(IReadOnlyList<string>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(List<string>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class StorageJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
