using System.Text.Json;
using System.Text.Json.Serialization;

namespace Jobs.BuiltIn.Pipeline;

/// <summary>Where a block's input rows come from: exactly one of a finished job, a pipeline step, or inline rows.</summary>
/// <remarks>
/// <c>{"fromJob": "42"}</c> reads the row set of job 42 (the id as a number or a string); <c>{"fromStep": "clean"}</c>
/// reads the row set of the pipeline step named <c>clean</c> among this job's dependencies, which is how steps of
/// one pipeline document refer to each other before their ids exist; <c>{"rows": [{...}, ...]}</c> gives small input inline.
/// </remarks>
public sealed record InputSource : IJsonOnDeserialized
{
    /// <summary>The id of a succeeded job whose result is a row set.</summary>
    public long? FromJob { get; init; }

    /// <summary>The name of a step of the same pipeline that this job depends on.</summary>
    public string? FromStep { get; init; }

    /// <summary>Rows given inline, as JSON objects.</summary>
    public IReadOnlyList<JsonElement>? Rows { get; init; }

    void IJsonOnDeserialized.OnDeserialized()
    {
        var given = (FromJob is null ? 0 : 1) + (string.IsNullOrWhiteSpace(FromStep) ? 0 : 1) + (Rows is null ? 0 : 1);
        if (given != 1)
        {
            throw new JsonException("input: give exactly one of fromJob, fromStep or rows.");
        }

        if (FromJob is <= 0)
        {
            throw new JsonException("input.fromJob: a job id is a positive number.");
        }

        if (Rows is { } rows && rows.Any(r => r.ValueKind != JsonValueKind.Object))
        {
            throw new JsonException("input.rows: every row is a JSON object.");
        }
    }

    /// <summary>Throws the argument error of a block whose <c>input</c> is missing.</summary>
    internal static InputSource Required(InputSource? input) =>
        input ?? throw new JsonException("input: required ({\"fromJob\": id}, {\"fromStep\": name} or {\"rows\": [...]}).");
}
