using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Jobs.BuiltIn.Pipeline.Rows;
using Jobs.Handlers;
using MathNet.Numerics.Statistics;

namespace Jobs.BuiltIn.Pipeline.Analysis;

/// <summary>Arguments of <c>statistical_analysis</c>.</summary>
public sealed record StatisticalAnalysisArgs : IJsonOnDeserialized
{
    public InputSource? Input { get; init; }

    /// <summary>The columns to describe. Defaults to every column whose values are all numbers.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>The percentiles to compute, 0 to 100. Defaults to 25, 50, 75, 90, 95 and 99.</summary>
    public IReadOnlyList<double> Percentiles { get; init; } = [25, 50, 75, 90, 95, 99];

    void IJsonOnDeserialized.OnDeserialized()
    {
        InputSource.Required(Input);
        if (Percentiles.Any(p => p is < 0 or > 100 || double.IsNaN(p)))
        {
            throw new JsonException("percentiles: every percentile is from 0 to 100.");
        }
    }
}

/// <summary>The description of one numeric column.</summary>
/// <remarks>
/// <see cref="Std"/> is the sample standard deviation (n − 1, as pandas reports it); percentiles interpolate linearly
/// between order statistics (Hyndman–Fan type 7, numpy's default). Values that are not numbers are counted, not used.
/// </remarks>
public sealed record ColumnStatistics(long Count, long NonNumeric, double? Mean, double? Median, double? Std, double? Min, double? Max, IReadOnlyDictionary<string, double?> Percentiles);

/// <summary>The result of <c>statistical_analysis</c>.</summary>
public sealed record StatisticalAnalysisResult(long Rows, IReadOnlyDictionary<string, ColumnStatistics> Columns);

/// <summary>The <c>statistical_analysis</c> block: mean, median, standard deviation, min, max and percentiles per column (MathNet.Numerics).</summary>
internal sealed class StatisticalAnalysisJob(InputResolver inputs) : IJobHandler<StatisticalAnalysisArgs, StatisticalAnalysisResult>
{
    public const string TypeName = "statistical_analysis";

    public async Task<StatisticalAnalysisResult> HandleAsync(StatisticalAnalysisArgs args, IJobContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var input = await inputs.ResolveAsync(args.Input!, context);
        var progress = new RowProgress(context, input.Count, "Read");
        var values = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var nonNumeric = new Dictionary<string, long>(StringComparer.Ordinal);
        var order = new List<string>();
        await foreach (var row in input.Rows.WithCancellation(context.CancellationToken))
        {
            progress.Step();
            foreach (var (column, value) in row)
            {
                if (args.Columns is { } wanted && !wanted.Contains(column))
                {
                    continue;
                }

                if (!values.TryGetValue(column, out var list))
                {
                    values[column] = list = [];
                    nonNumeric[column] = 0;
                    order.Add(column);
                }

                // Numbers only: numeric text is a sign of an untyped column, which data_transform should convert first.
                if (value is long or double && ValueConverter.TryGetNumber(value, out var number))
                {
                    list.Add(number);
                }
                else if (value is not null)
                {
                    nonNumeric[column]++;
                }
            }
        }

        var columns = args.Columns ?? [.. order.Where(c => nonNumeric[c] == 0 && values[c].Count > 0)];
        var result = new Dictionary<string, ColumnStatistics>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            var data = values.TryGetValue(column, out var list) ? list.ToArray() : [];
            Array.Sort(data);
            double? Of(Func<double> f) => data.Length == 0 ? null : Finite(f());
            result[column] = new ColumnStatistics(
                data.Length,
                nonNumeric.GetValueOrDefault(column),
                Of(() => ArrayStatistics.Mean(data)),
                Of(() => SortedArrayStatistics.Median(data)),
                data.Length < 2 ? null : Finite(ArrayStatistics.StandardDeviation(data)),
                Of(() => data[0]),
                Of(() => data[^1]),
                args.Percentiles.ToDictionary(
                    p => "p" + p.ToString("0.##", CultureInfo.InvariantCulture),
                    p => Of(() => SortedArrayStatistics.QuantileCustom(data, p / 100, QuantileDefinition.R7))));
        }

        context.ReportProgress(1, string.Create(CultureInfo.InvariantCulture, $"Described {result.Count} columns of {progress.Done} rows"), progress.Done, progress.Done);
        return new StatisticalAnalysisResult(progress.Done, result);
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
