using System.CommandLine;
using System.Globalization;
using Jobs.Anomalies;

namespace Jobs.Dashboard.Cli;

/// <summary>The <c>anomalies</c> verb group: <c>anomalies detect</c> runs a detector over a CSV or JSON file.</summary>
/// <remarks>
/// Works on the file alone (no store, no server). Exit codes: 0 done, 2 bad usage or bad input (one line on stderr,
/// nothing on stdout). Thresholds default to <c>ANOMALY_ZSCORE_THRESHOLD</c> / <c>ANOMALY_STL_THRESHOLD</c> when set,
/// else 2.0 and 3.5; STL parameters default as in statsmodels.
/// </remarks>
public static class AnomaliesCommand
{
    /// <summary>Exit code for bad usage or bad input.</summary>
    public const int BadInput = CliExitCodes.Usage;

    /// <summary>Builds the <c>anomalies</c> command with its <c>detect</c> subcommand.</summary>
    public static Command Create()
    {
        var command = new Command("anomalies", "Detect anomalies in time series.");
        command.Subcommands.Add(CreateDetect());
        return command;
    }

    private static Command CreateDetect()
    {
        var input = new Option<FileInfo>("--input", "-i") { Description = "CSV (one value a line, or a timestamp,value header) or JSON (an array of numbers, or an object with a values array).", Required = true };
        var period = new Option<int?>("--period", "-p") { Description = "Season length in points (required for stl and combined; with zscore it adds the STL components to --json)." };
        var method = new Option<string>("--method", "-m") { Description = "zscore, stl or combined.", DefaultValueFactory = _ => "stl" };
        var robust = new Option<bool>("--robust") { Description = "Robust STL: inner 2, outer 15 iterations with robustness weights (plain: inner 5, outer 0)." };
        var threshold = new Option<double?>("--threshold", "-t") { Description = "Threshold of the chosen method (zscore default 2.0, stl 3.5); for combined, the z-score threshold." };
        var stlThreshold = new Option<double?>("--stl-threshold") { Description = "Robust-z threshold of the STL rule in combined mode (default 3.5)." };
        var seasonal = new Option<int?>("--seasonal") { Description = "Seasonal LOESS span, odd >= 3 (default 7)." };
        var trend = new Option<int?>("--trend") { Description = "Trend LOESS span, odd > period (default: statsmodels' formula)." };
        var lowPass = new Option<int?>("--low-pass") { Description = "Low-pass LOESS span, odd > period (default: smallest odd > period)." };
        var seasonalDeg = new Option<int?>("--seasonal-deg") { Description = "Seasonal LOESS degree, 0 or 1 (default 1)." };
        var trendDeg = new Option<int?>("--trend-deg") { Description = "Trend LOESS degree, 0 or 1 (default 1)." };
        var lowPassDeg = new Option<int?>("--low-pass-deg") { Description = "Low-pass LOESS degree, 0 or 1 (default 1)." };
        var seasonalJump = new Option<int?>("--seasonal-jump") { Description = "Seasonal LOESS evaluated every N points (default 1)." };
        var trendJump = new Option<int?>("--trend-jump") { Description = "Trend LOESS evaluated every N points (default 1)." };
        var lowPassJump = new Option<int?>("--low-pass-jump") { Description = "Low-pass LOESS evaluated every N points (default 1)." };
        var inner = new Option<int?>("--inner") { Description = "Inner iterations (default 2 robust, 5 plain)." };
        var outer = new Option<int?>("--outer") { Description = "Outer (robustness) iterations (default 15 robust, 0 plain)." };
        var populationStd = new Option<bool>("--population-std") { Description = "Z-score with the population standard deviation (ddof 0; the default)." };
        var sampleStd = new Option<bool>("--sample-std") { Description = "Z-score with the sample standard deviation (ddof 1)." };

        var detect = new Command("detect", "Run the z-score, STL or combined detector over a series in a file.")
        {
            input, period, method, robust, threshold, stlThreshold, seasonal, trend, lowPass, seasonalDeg, trendDeg, lowPassDeg,
            seasonalJump, trendJump, lowPassJump, inner, outer, populationStd, sampleStd,
        };
        detect.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            try
            {
                if (parse.GetValue(populationStd) && parse.GetValue(sampleStd))
                {
                    throw new AnomalyInputException("Give --population-std or --sample-std, not both.");
                }

                var chosen = AnomalyNames.ParseMethod(parse.GetValue(method));
                var stl = parse.GetValue(period) is { } p
                    ? new StlParameters
                    {
                        Period = p,
                        Robust = parse.GetValue(robust),
                        Seasonal = parse.GetValue(seasonal),
                        Trend = parse.GetValue(trend),
                        LowPass = parse.GetValue(lowPass),
                        SeasonalDegree = parse.GetValue(seasonalDeg),
                        TrendDegree = parse.GetValue(trendDeg),
                        LowPassDegree = parse.GetValue(lowPassDeg),
                        SeasonalJump = parse.GetValue(seasonalJump),
                        TrendJump = parse.GetValue(trendJump),
                        LowPassJump = parse.GetValue(lowPassJump),
                        InnerIterations = parse.GetValue(inner),
                        OuterIterations = parse.GetValue(outer),
                    }
                    : null;
                var zDefault = EnvironmentThreshold("ANOMALY_ZSCORE_THRESHOLD", ZScoreDetector.DefaultThreshold);
                var stlDefault = EnvironmentThreshold("ANOMALY_STL_THRESHOLD", RobustZScore.DefaultThreshold);
                var given = parse.GetValue(threshold);
                var settings = new AnomalyDetectionSettings
                {
                    Method = chosen,
                    Stl = stl,
                    ZScoreThreshold = chosen == AnomalyMethod.Stl ? zDefault : given ?? zDefault,
                    StlThreshold = chosen == AnomalyMethod.Stl ? given ?? stlDefault : parse.GetValue(stlThreshold) ?? stlDefault,
                    PopulationStd = !parse.GetValue(sampleStd),
                };

                var series = AnomalyInputReader.Read(parse.GetValue(input)!.FullName);
                var result = new AnomalyDetector().Detect(series.Values, settings);
                // With zscore and a period, the components are still worth showing.
                var components = result.Decomposition ?? (stl is null ? null : new StlDecomposer().Decompose(series.Values, stl));
                // The root's --json: one JSON object with trend, seasonal, resid, weights (robust), flagged (0-based), scores, anomalies.
                if (parse.GetValue(CliOptions.Json))
                {
                    AnomalyReport.WriteJson(output, result, components, series);
                }
                else
                {
                    AnomalyReport.WriteTable(output, result, components, series);
                }

                return 0;
            }
            catch (AnomalyParameterException ex)
            {
                error.WriteLine($"anomalies detect: {Option(ex.Parameter)}: {ex.Reason}");
                return BadInput;
            }
            catch (AnomalyInputException ex)
            {
                error.WriteLine($"anomalies detect: {ex.Message}");
                return BadInput;
            }
        });
        return detect;
    }

    /// <summary>The option a parameter comes from, so the reason names what the user typed.</summary>
    private static string Option(string parameter) => parameter switch
    {
        "values" => "--input",
        "threshold" or "stl_threshold" => parameter == "threshold" ? "--threshold" : "--stl-threshold",
        "inner_iter" => "--inner",
        "outer_iter" => "--outer",
        _ => "--" + parameter.Replace('_', '-'),
    };

    private static double EnvironmentThreshold(string variable, double fallback)
    {
        var text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value > 0
            ? value
            : throw new AnomalyInputException($"{variable} must be a positive number (was '{text}').");
    }
}
