using System.Globalization;
using System.Text.Json;

namespace Jobs.BuiltIn.Pipeline.Rows;

/// <summary>Turns JSON objects into rows and rows into JSON.</summary>
/// <remarks>
/// A row's values are plain CLR values: <see cref="string"/>, <see cref="long"/>, <see cref="double"/>,
/// <see cref="bool"/> or null. Nested objects are flattened into dotted names (<c>address.city</c>); arrays are
/// kept as their JSON text. That keeps every block working on flat, typed columns, as a table would.
/// </remarks>
public static class RowJson
{
    /// <summary>Reads a JSON object as a row.</summary>
    /// <exception cref="FormatException">When the element is not an object.</exception>
    public static OrderedDictionary<string, object?> ToRow(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"Expected a JSON object, found {element.ValueKind}.");
        }

        var row = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
        Flatten(element, null, row);
        return row;
    }

    /// <summary>Reads one JSON value as a row value.</summary>
    public static object? ToValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetInt64(out var l) ? (object)l : value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.GetRawText(),
    };

    private static void Flatten(JsonElement element, string? prefix, OrderedDictionary<string, object?> row)
    {
        foreach (var property in element.EnumerateObject())
        {
            var name = prefix is null ? property.Name : string.Concat(prefix, ".", property.Name);
            if (property.Value.ValueKind == JsonValueKind.Object)
            {
                Flatten(property.Value, name, row);
            }
            else
            {
                row[name] = ToValue(property.Value);
            }
        }
    }

    /// <summary>Writes a row as one JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, IEnumerable<KeyValuePair<string, object?>> row)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(row);
        writer.WriteStartObject();
        foreach (var (name, value) in row)
        {
            writer.WritePropertyName(name);
            WriteValue(writer, value);
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes one row value.</summary>
    public static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case double d when double.IsFinite(d):
                writer.WriteNumberValue(d);
                break;
            case double:
                writer.WriteNullValue();
                break;
            case decimal m:
                writer.WriteNumberValue(m);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case DateTime dt:
                writer.WriteStringValue(dt.ToString("O", CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset dto:
                writer.WriteStringValue(dto.ToString("O", CultureInfo.InvariantCulture));
                break;
            case IFormattable f:
                writer.WriteStringValue(f.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                writer.WriteStringValue(value.ToString());
                break;
        }
    }

    /// <summary>A value as text, for messages and reports.</summary>
    public static string Display(object? value) => value switch
    {
        null => "null",
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
