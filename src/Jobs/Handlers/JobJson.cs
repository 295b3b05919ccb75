using System.Text.Json;
using System.Text.Json.Serialization;

namespace Jobs.Handlers;

/// <summary>The one set of JSON options for job arguments and results: web defaults, enums as strings.</summary>
public static class JobJson
{
    /// <summary>The shared, read-only options.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
