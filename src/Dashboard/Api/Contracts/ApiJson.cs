using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Jobs.Dashboard.Api.Contracts;

/// <summary>The JSON conventions of the REST API and of the CLI's <c>--json</c> output: camelCase names, enums as camelCase strings.</summary>
/// <remarks>One definition for both, so a script can feed the CLI's output and the API's answers to the same parser.</remarks>
internal static class ApiJson
{
    /// <summary>Applies the conventions to a serializer's options (the API's <c>ConfigureHttpJsonOptions</c>).</summary>
    public static void Apply(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = null;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        // Escape <, >, & and quotes: a job's text never arrives as live markup, even where a client mislabels JSON as HTML.
        options.Encoder = JavaScriptEncoder.Default;
        // Integers for enums are refused: a typo'd number would otherwise become an undefined state.
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
    }

    /// <summary>Options for the CLI's <c>--json</c> output, indented for people and parseable for scripts.</summary>
    public static JsonSerializerOptions Cli { get; } = CreateCli();

    private static JsonSerializerOptions CreateCli()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true };
        Apply(options);
        // A terminal is not an HTML page: print "<b>" as written instead of "\u003Cb\u003E".
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
