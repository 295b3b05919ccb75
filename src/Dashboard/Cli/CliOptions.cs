using System.CommandLine;
using System.CommandLine.Parsing;
using Jobs.Dashboard.Api.Contracts;

namespace Jobs.Dashboard.Cli;

/// <summary>The options every verb has, and parsers for values several verbs take.</summary>
/// <remarks>Verb groups read <see cref="Json"/> and <see cref="DataDirectory"/> from here instead of declaring their own, so <c>--json</c> means the same everywhere.</remarks>
internal static class CliOptions
{
    /// <summary><c>--json</c>: machine output, one JSON document on stdout, in the REST API's shapes.</summary>
    public static Option<bool> Json { get; } = new("--json")
    {
        Description = "Print machine-readable JSON (the REST API's shapes) instead of text",
        Recursive = true,
    };

    /// <summary><c>--data-dir</c>: the data directory, overriding <c>Storage:DataDirectory</c>.</summary>
    public static Option<string?> DataDirectory { get; } = new("--data-dir")
    {
        Description = "The data directory (default: Storage:DataDirectory from appsettings.json, env Storage__DataDirectory)",
        Recursive = true,
        HelpName = "DIR",
    };

    /// <summary>An option holding a duration such as <c>30s</c>, <c>15m</c>, <c>7d</c>.</summary>
    public static Option<TimeSpan?> Duration(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "DURATION",
        CustomParser = ParseDuration,
    };

    private static TimeSpan? ParseDuration(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
        if (DurationText.TryParse(text, out var duration))
        {
            return duration;
        }

        result.AddError($"'{text}' is not a duration for {OptionName(result)}: use {DurationText.Format}.");
        return null;
    }

    private static string OptionName(ArgumentResult result) =>
        result.Parent is OptionResult option ? option.Option.Name : result.Argument.Name;
}
