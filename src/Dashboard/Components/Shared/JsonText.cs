using System.Text.Encodings.Web;
using System.Text.Json;

namespace Jobs.Dashboard.Components.Shared;

/// <summary>Formats stored JSON for reading.</summary>
internal static class JsonText
{
    private static readonly JsonWriterOptions Indented = new()
    {
        Indented = true,
        // Shown as text (Blazor encodes it), so there is no need to escape HTML-sensitive characters twice.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The JSON indented, or the text as stored when it is not JSON.</summary>
    public static string Format(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return "";
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, Indented))
            {
                document.WriteTo(writer);
            }

            return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        }
        catch (JsonException)
        {
            return json;
        }
    }

    /// <summary>Null when <paramref name="json"/> is valid JSON, else what is wrong with it.</summary>
    public static string? Validate(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return null;
        }
        catch (JsonException ex)
        {
            return $"Not valid JSON: {ex.Message}";
        }
    }
}
