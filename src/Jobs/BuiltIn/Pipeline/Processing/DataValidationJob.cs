using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Jobs.BuiltIn.Artifacts;
using Jobs.BuiltIn.Pipeline.Rows;
using Jobs.Handlers;
using Microsoft.Extensions.Logging;

namespace Jobs.BuiltIn.Pipeline.Processing;

/// <summary>The rules of one column.</summary>
public sealed record FieldRule
{
    /// <summary>The column must be present and not null.</summary>
    public bool Required { get; init; }

    /// <summary>The value must be of this type (an int passes as a float).</summary>
    public ColumnType? Type { get; init; }

    /// <summary>The smallest allowed number.</summary>
    public double? Min { get; init; }

    /// <summary>The largest allowed number.</summary>
    public double? Max { get; init; }

    /// <summary>A regular expression the value's text must match (anywhere, unless anchored).</summary>
    public string? Pattern { get; init; }
}

/// <summary>Arguments of <c>data_validation</c>.</summary>
public sealed record DataValidationArgs : IJsonOnDeserialized
{
    public InputSource? Input { get; init; }

    /// <summary>Column to rules.</summary>
    public IReadOnlyDictionary<string, FieldRule> Schema { get; init; } = new Dictionary<string, FieldRule>();

    /// <summary><c>fail</c> (default): the job fails when any row is invalid; <c>skip</c>: valid rows pass through and the job succeeds. Either way every invalid row is kept with its reasons.</summary>
    public InvalidRowPolicy OnInvalid { get; init; } = InvalidRowPolicy.Fail;

    [JsonIgnore]
    internal IReadOnlyDictionary<string, Regex> Patterns { get; private set; } = new Dictionary<string, Regex>();

    void IJsonOnDeserialized.OnDeserialized()
    {
        InputSource.Required(Input);
        if (Schema.Count == 0)
        {
            throw new JsonException("schema: give the rules of at least one column.");
        }

        var patterns = new Dictionary<string, Regex>(StringComparer.Ordinal);
        foreach (var (column, rule) in Schema)
        {
            if (rule is null)
            {
                throw new JsonException($"schema.{column}: rules are an object.");
            }

            if (rule.Type is { } t && !Enum.IsDefined(t))
            {
                throw new JsonException($"schema.{column}.type: string, int, float, bool or datetime.");
            }

            if (rule.Min is { } min && rule.Max is { } max && min > max)
            {
                throw new JsonException($"schema.{column}: min is greater than max.");
            }

            if (rule.Pattern is { } pattern)
            {
                try
                {
                    patterns[column] = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException ex)
                {
                    throw new JsonException($"schema.{column}.pattern: not a valid regular expression ({ex.Message}).");
                }
            }
        }

        Patterns = patterns;
    }
}

/// <summary>The <c>data_validation</c> block: checks every row against a schema and reports every invalid row with all its reasons.</summary>
internal sealed class DataValidationJob(InputResolver inputs, ArtifactStore artifacts) : IJobHandler<DataValidationArgs, RowSetResult>
{
    public const string TypeName = "data_validation";

    public async Task<RowSetResult> HandleAsync(DataValidationArgs args, IJobContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;
        var input = await inputs.ResolveAsync(args.Input!, context);
        var progress = new RowProgress(context, input.Count, "Validated");
        RowSetResult result;
        await using (var rows = RowSetWriter.Create(artifacts, context.JobId, "rows.jsonl"))
        await using (var invalid = InvalidRowSink.Create(artifacts, context.JobId))
        {
            await foreach (var row in input.Rows.WithCancellation(ct))
            {
                progress.Step();
                var problems = Check(args, row);
                if (problems.Count == 0)
                {
                    await rows.WriteAsync(row, ct);
                }
                else
                {
                    await invalid.AddAsync(new RowError(progress.Done, problems.Count == 1 ? problems[0].Column : null,
                        problems.Count == 1 ? problems[0].Reason : string.Join("; ", problems.Select(p => $"{p.Column}: {p.Reason}"))), row, ct);
                }
            }

            result = rows.ToResult(invalid);
            foreach (var error in invalid.FirstErrors)
            {
                context.Logger.LogWarning("Invalid row: {Error}", error.ToString());
            }

            context.Logger.LogInformation("Validated {Total} rows from {Source}: {Valid} valid, {Invalid} invalid", progress.Done, input.Description, rows.Count, invalid.Count);
            invalid.ThrowIfFailing(args.OnInvalid, progress.Done, rows.Artifact);
        }

        context.ReportProgress(1, string.Create(CultureInfo.InvariantCulture, $"{result.Rows} valid, {result.InvalidRows} invalid"), result.Rows, result.Rows + result.InvalidRows);
        return result;
    }

    private static List<(string Column, string Reason)> Check(DataValidationArgs args, OrderedDictionary<string, object?> row)
    {
        var problems = new List<(string, string)>();
        foreach (var (column, rule) in args.Schema)
        {
            if (!row.TryGetValue(column, out var value) || value is null)
            {
                if (rule.Required)
                {
                    problems.Add((column, "is required"));
                }

                continue;
            }

            if (rule.Type is { } type && !ValueConverter.IsOfType(value, type))
            {
                problems.Add((column, $"'{RowJson.Display(value)}' is not of type {type.ToString().ToLowerInvariant()}"));
                continue;
            }

            if (rule.Min is not null || rule.Max is not null)
            {
                if (!ValueConverter.TryGetNumber(value, out var number))
                {
                    problems.Add((column, $"'{RowJson.Display(value)}' is not a number"));
                    continue;
                }

                if (rule.Min is { } min && number < min)
                {
                    problems.Add((column, string.Create(CultureInfo.InvariantCulture, $"{RowJson.Display(value)} is below the minimum {min}")));
                }

                if (rule.Max is { } max && number > max)
                {
                    problems.Add((column, string.Create(CultureInfo.InvariantCulture, $"{RowJson.Display(value)} is above the maximum {max}")));
                }
            }

            if (args.Patterns.TryGetValue(column, out var regex) && !regex.IsMatch(RowJson.Display(value)))
            {
                problems.Add((column, $"'{RowJson.Display(value)}' does not match {rule.Pattern}"));
            }
        }

        return problems;
    }
}
