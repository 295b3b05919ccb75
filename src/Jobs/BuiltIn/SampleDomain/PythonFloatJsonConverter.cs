using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Jobs.BuiltIn.SampleDomain;

/// <summary>Writes a double the way the APScheduler seed's JSON shows floats: always with a decimal point (<c>30.0</c>, not <c>30</c>).</summary>
/// <remarks>Clients of the seed's <c>/admin/run-jobs</c> read <c>sum</c> as a float; an integral value must still look like one.</remarks>
public sealed class PythonFloatJsonConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!double.IsFinite(value))
        {
            throw new JsonException($"{value} cannot be written as a JSON number.");
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (!text.Contains('.', StringComparison.Ordinal) && !text.Contains('E', StringComparison.Ordinal))
        {
            text += ".0";
        }

        writer.WriteRawValue(text, skipInputValidation: true);
    }
}
