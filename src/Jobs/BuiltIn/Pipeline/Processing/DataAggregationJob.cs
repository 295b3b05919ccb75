using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Jobs.BuiltIn.Artifacts;
using Jobs.BuiltIn.Pipeline.Rows;
using Jobs.Handlers;
using Microsoft.Extensions.Logging;

namespace Jobs.BuiltIn.Pipeline.Processing;

/// <summary>The aggregate functions.</summary>
public enum AggregateFunction
{
    Sum,
    Count,
    Mean,
    Min,
    Max,
}

/// <summary>Arguments of <c>data_aggregation</c>.</summary>
/// <remarks>
/// <c>aggregations</c> maps a column to one function (<c>{"sales": "sum"}</c>, output column <c>sales</c>) or to a
/// list (<c>{"sales": ["sum", "mean"]}</c>, output columns <c>sales_sum</c>, <c>sales_mean</c>), as the seed writes it.
/// </remarks>
public sealed record DataAggregationArgs : IJsonOnDeserialized
{
    public InputSource? Input { get; init; }

    /// <summary>The columns to group by; none makes one group of all rows.</summary>
    public IReadOnlyList<string> GroupBy { get; init; } = [];

    /// <summary>Column to function name or list of function names: sum, count, mean, min, max.</summary>
    public IReadOnlyDictionary<string, JsonElement> Aggregations { get; init; } = new Dictionary<string, JsonElement>();

    /// <summary>What to do with rows whose aggregated value is not a number: <c>fail</c> (default) or <c>skip</c>.</summary>
    public InvalidRowPolicy OnInvalid { get; init; } = InvalidRowPolicy.Fail;

    /// <summary>The parsed aggregations: output column, input column, function.</summary>
    [JsonIgnore]
    internal IReadOnlyList<(string Output, string Column, AggregateFunction Function)> Parsed { get; private set; } = [];

    void IJsonOnDeserialized.OnDeserialized()
    {
        InputSource.Required(Input);
        if (Aggregations.Count == 0)
        {
            throw new JsonException("aggregations: give at least one column and function.");
        }

        var parsed = new List<(string, string, AggregateFunction)>();
        foreach (var (column, spec) in Aggregations)
        {
            var names = spec.ValueKind switch
            {
                JsonValueKind.String => [spec.GetString()!],
                JsonValueKind.Array when spec.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) => spec.EnumerateArray().Select(e => e.GetString()!).ToList(),
                _ => throw new JsonException($"aggregations.{column}: a function name or a list of them (sum, count, mean, min, max)."),
            };
            foreach (var name in names)
            {
                if (!Enum.TryParse<AggregateFunction>(name, ignoreCase: true, out var function) || !Enum.IsDefined(function))
                {
                    throw new JsonException($"aggregations.{column}: unknown function '{name}' (sum, count, mean, min, max).");
                }

                parsed.Add((names.Count == 1 ? column : $"{column}_{function.ToString().ToLowerInvariant()}", column, function));
            }
        }

        Parsed = parsed;
    }
}

/// <summary>The <c>data_aggregation</c> block: groups rows and computes sum, count, mean, min and max in one streaming pass.</summary>
/// <remarks>Nulls are ignored (count counts non-null values). Groups come out in the order they first appear.</remarks>
internal sealed class DataAggregationJob(InputResolver inputs, ArtifactStore artifacts) : IJobHandler<DataAggregationArgs, RowSetResult>
{
    public const string TypeName = "data_aggregation";

    private sealed class Accumulator
    {
        public double Sum;
        public long Count;
        public double Min = double.PositiveInfinity;
        public double Max = double.NegativeInfinity;
    }

    public async Task<RowSetResult> HandleAsync(DataAggregationArgs args, IJobContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;
        var input = await inputs.ResolveAsync(args.Input!, context);
        var progress = new RowProgress(context, input.Count, "Aggregated");
        var columns = args.Parsed.Select(p => p.Column).Distinct(StringComparer.Ordinal).ToList();
        var groups = new Dictionary<string, (object?[] Key, Dictionary<string, Accumulator> Values)>(StringComparer.Ordinal);
        var order = new List<string>();
        RowSetResult result;
        await using (var invalid = InvalidRowSink.Create(artifacts, context.JobId))
        await using (var rows = RowSetWriter.Create(artifacts, context.JobId, "rows.jsonl"))
        {
            await foreach (var row in input.Rows.WithCancellation(ct))
            {
                progress.Step();
                var bad = columns.FirstOrDefault(c => row.TryGetValue(c, out var v) && v is not null && !ValueConverter.TryGetNumber(v, out _)
                    && args.Parsed.Any(p => p.Column == c && p.Function != AggregateFunction.Count));
                if (bad is not null)
                {
                    await invalid.AddAsync(new RowError(progress.Done, bad, $"'{RowJson.Display(row[bad])}' is not a number"), row, ct);
                    continue;
                }

                var key = args.GroupBy.Select(g => row.TryGetValue(g, out var v) ? v : null).ToArray();
                var id = JsonSerializer.Serialize(key.Select(RowJson.Display));
                if (!groups.TryGetValue(id, out var group))
                {
                    group = (key, columns.ToDictionary(c => c, _ => new Accumulator(), StringComparer.Ordinal));
                    groups[id] = group;
                    order.Add(id);
                }

                foreach (var column in columns)
                {
                    if (row.TryGetValue(column, out var value) && value is not null)
                    {
                        var a = group.Values[column];
                        a.Count++;
                        if (ValueConverter.TryGetNumber(value, out var number))
                        {
                            a.Sum += number;
                            a.Min = Math.Min(a.Min, number);
                            a.Max = Math.Max(a.Max, number);
                        }
                    }
                }
            }

            invalid.ThrowIfFailing(args.OnInvalid, progress.Done, rows.Artifact);
            foreach (var id in order)
            {
                var (key, values) = groups[id];
                var output = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
                for (var i = 0; i < args.GroupBy.Count; i++)
                {
                    output[args.GroupBy[i]] = key[i];
                }

                foreach (var (name, column, function) in args.Parsed)
                {
                    var a = values[column];
                    output[name] = function switch
                    {
                        AggregateFunction.Sum => a.Sum,
                        AggregateFunction.Count => a.Count,
                        AggregateFunction.Mean => a.Count == 0 ? null : a.Sum / a.Count,
                        AggregateFunction.Min => a.Count == 0 ? null : a.Min,
                        _ => a.Count == 0 ? null : a.Max,
                    };
                }

                await rows.WriteAsync(output, ct);
            }

            result = rows.ToResult(invalid);
            context.Logger.LogInformation("Aggregated {Input} rows from {Source} into {Groups} groups", progress.Done, input.Description, order.Count);
        }

        context.ReportProgress(1, string.Create(CultureInfo.InvariantCulture, $"{result.Rows} groups"), result.Rows, result.Rows);
        return result;
    }
}
