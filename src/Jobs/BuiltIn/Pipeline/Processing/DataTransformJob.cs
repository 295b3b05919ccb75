using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Jobs.BuiltIn.Artifacts;
using Jobs.BuiltIn.Pipeline.Rows;
using Jobs.Handlers;
using Microsoft.Extensions.Logging;

namespace Jobs.BuiltIn.Pipeline.Processing;

/// <summary>The kinds of transformation (the orchestration seed's).</summary>
public enum TransformKind
{
    /// <summary>Renames columns (<c>mapping</c>: old name to new name).</summary>
    Rename,
    /// <summary>Converts column types (<c>conversions</c>: column to string, int, float, bool or datetime).</summary>
    Convert,
    /// <summary>Fills missing or null columns (<c>defaults</c>: column to value).</summary>
    Default,
    /// <summary>Removes columns (<c>columns</c>).</summary>
    Drop,
}

/// <summary>One transformation; the field its kind needs must be set.</summary>
public sealed record Transformation
{
    public TransformKind Type { get; init; }
    public IReadOnlyDictionary<string, string>? Mapping { get; init; }
    public IReadOnlyDictionary<string, ColumnType>? Conversions { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? Defaults { get; init; }
    public IReadOnlyList<string>? Columns { get; init; }
}

/// <summary>Arguments of <c>data_transform</c>.</summary>
public sealed record DataTransformArgs : IJsonOnDeserialized
{
    /// <summary>Where the rows come from.</summary>
    public InputSource? Input { get; init; }

    /// <summary>The transformations, applied in order to every row.</summary>
    public IReadOnlyList<Transformation> Transformations { get; init; } = [];

    /// <summary>What to do with rows a conversion fails on: <c>fail</c> (default) or <c>skip</c>.</summary>
    public InvalidRowPolicy OnInvalid { get; init; } = InvalidRowPolicy.Fail;

    void IJsonOnDeserialized.OnDeserialized()
    {
        InputSource.Required(Input);
        if (Transformations.Count == 0)
        {
            throw new JsonException("transformations: give at least one.");
        }

        for (var i = 0; i < Transformations.Count; i++)
        {
            var t = Transformations[i];
            var ok = t.Type switch
            {
                TransformKind.Rename => t.Mapping is { Count: > 0 },
                TransformKind.Convert => t.Conversions is { Count: > 0 } c && c.Values.All(Enum.IsDefined),
                TransformKind.Default => t.Defaults is { Count: > 0 },
                TransformKind.Drop => t.Columns is { Count: > 0 },
                _ => false,
            };
            if (!ok)
            {
                throw new JsonException(string.Create(CultureInfo.InvariantCulture, $"transformations[{i}]: a {t.Type.ToString().ToLowerInvariant()} needs {t.Type switch
                {
                    TransformKind.Rename => "a non-empty mapping",
                    TransformKind.Convert => "conversions to string, int, float, bool or datetime",
                    TransformKind.Default => "non-empty defaults",
                    TransformKind.Drop => "a non-empty columns list",
                    _ => "a type of rename, convert, default or drop",
                }}."));
            }
        }
    }
}

/// <summary>The <c>data_transform</c> block: renames, converts, fills defaults and drops columns, row by row.</summary>
internal sealed class DataTransformJob(InputResolver inputs, ArtifactStore artifacts) : IJobHandler<DataTransformArgs, RowSetResult>
{
    public const string TypeName = "data_transform";

    public async Task<RowSetResult> HandleAsync(DataTransformArgs args, IJobContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;
        var input = await inputs.ResolveAsync(args.Input!, context);
        var progress = new RowProgress(context, input.Count, "Transformed");
        RowSetResult result;
        await using (var rows = RowSetWriter.Create(artifacts, context.JobId, "rows.jsonl"))
        await using (var invalid = InvalidRowSink.Create(artifacts, context.JobId))
        {
            await foreach (var row in input.Rows.WithCancellation(ct))
            {
                progress.Step();
                var original = new OrderedDictionary<string, object?>(row, StringComparer.Ordinal);
                var error = Apply(args.Transformations, row);
                if (error is null)
                {
                    await rows.WriteAsync(row, ct);
                }
                else
                {
                    await invalid.AddAsync(new RowError(progress.Done, error.Value.Column, error.Value.Reason), original, ct);
                }
            }

            result = rows.ToResult(invalid);
            context.Logger.LogInformation("Transformed {Rows} rows from {Source} ({Invalid} invalid)", rows.Count, input.Description, invalid.Count);
            invalid.ThrowIfFailing(args.OnInvalid, progress.Done, rows.Artifact);
        }

        context.ReportProgress(1, string.Create(CultureInfo.InvariantCulture, $"Transformed {result.Rows} rows"), result.Rows, result.Rows);
        return result;
    }

    /// <summary>Applies the transformations in place; returns the first conversion that failed, if any.</summary>
    private static (string Column, string Reason)? Apply(IReadOnlyList<Transformation> transformations, OrderedDictionary<string, object?> row)
    {
        foreach (var t in transformations)
        {
            switch (t.Type)
            {
                case TransformKind.Rename:
                    foreach (var (from, to) in t.Mapping!)
                    {
                        var index = row.IndexOf(from);
                        if (index >= 0 && from != to)
                        {
                            var value = row.GetAt(index).Value;
                            row.RemoveAt(index);
                            row.Remove(to);
                            row.Insert(Math.Min(index, row.Count), to, value);
                        }
                    }

                    break;
                case TransformKind.Convert:
                    foreach (var (column, type) in t.Conversions!)
                    {
                        if (row.TryGetValue(column, out var value))
                        {
                            if (!ValueConverter.TryConvert(value, type, out var converted, out var reason))
                            {
                                return (column, string.Create(CultureInfo.InvariantCulture, $"cannot convert to {type.ToString().ToLowerInvariant()}: {reason}"));
                            }

                            row[column] = converted;
                        }
                    }

                    break;
                case TransformKind.Default:
                    foreach (var (column, value) in t.Defaults!)
                    {
                        if (!row.TryGetValue(column, out var existing) || existing is null)
                        {
                            row[column] = RowJson.ToValue(value);
                        }
                    }

                    break;
                case TransformKind.Drop:
                    foreach (var column in t.Columns!)
                    {
                        row.Remove(column);
                    }

                    break;
            }
        }

        return null;
    }
}
