using System.Globalization;

namespace Jobs.BuiltIn.Pipeline.Rows;

// The members are the type names users write in JSON ("int", "float"), as the seed spells them.
#pragma warning disable CA1720
/// <summary>The column types blocks convert to and validate against.</summary>
public enum ColumnType
{
    /// <summary>Text.</summary>
    String,
    /// <summary>A whole number (64-bit).</summary>
    Int,
    /// <summary>A floating-point number.</summary>
    Float,
    /// <summary>true or false (also yes/no, 1/0).</summary>
    Bool,
    /// <summary>An ISO-8601 date and time, kept as its round-trip text in UTC.</summary>
    Datetime,
}
#pragma warning restore CA1720

/// <summary>Converts row values between <see cref="ColumnType"/>s, with a reason when it cannot.</summary>
public static class ValueConverter
{
    /// <summary>Converts <paramref name="value"/> to <paramref name="type"/>; null stays null.</summary>
    /// <returns>False, with a reason, when the value has no such form.</returns>
    public static bool TryConvert(object? value, ColumnType type, out object? converted, out string? reason)
    {
        reason = null;
        converted = null;
        if (value is null)
        {
            return true;
        }

        switch (type)
        {
            case ColumnType.String:
                converted = RowJson.Display(value);
                return true;
            case ColumnType.Int:
                switch (value)
                {
                    case long l:
                        converted = l;
                        return true;
                    case double d when d == Math.Floor(d) && d is >= long.MinValue and <= long.MaxValue:
                        converted = (long)d;
                        return true;
                    case bool b:
                        converted = b ? 1L : 0L;
                        return true;
                    case string s when long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed):
                        converted = parsed;
                        return true;
                }

                reason = $"'{RowJson.Display(value)}' is not a whole number";
                return false;
            case ColumnType.Float:
                switch (value)
                {
                    case double d:
                        converted = d;
                        return true;
                    case long l:
                        converted = (double)l;
                        return true;
                    case string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed):
                        converted = parsed;
                        return true;
                }

                reason = $"'{RowJson.Display(value)}' is not a number";
                return false;
            case ColumnType.Bool:
                switch (value)
                {
                    case bool b:
                        converted = b;
                        return true;
                    case long l when l is 0 or 1:
                        converted = l == 1;
                        return true;
                    case string s:
                        var t = s.Trim().ToUpperInvariant();
                        if (t is "TRUE" or "YES" or "Y" or "1")
                        {
                            converted = true;
                            return true;
                        }

                        if (t is "FALSE" or "NO" or "N" or "0")
                        {
                            converted = false;
                            return true;
                        }

                        break;
                }

                reason = $"'{RowJson.Display(value)}' is not true or false";
                return false;
            case ColumnType.Datetime:
                if (value is string text && DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
                {
                    converted = at.ToString("O", CultureInfo.InvariantCulture);
                    return true;
                }

                reason = $"'{RowJson.Display(value)}' is not an ISO-8601 date and time";
                return false;
            default:
                reason = $"unknown type {type}";
                return false;
        }
    }

    /// <summary>Whether <paramref name="value"/> already is of <paramref name="type"/> (an int counts as a float).</summary>
    public static bool IsOfType(object? value, ColumnType type) => type switch
    {
        ColumnType.String => value is string,
        ColumnType.Int => value is long,
        ColumnType.Float => value is double or long,
        ColumnType.Bool => value is bool,
        ColumnType.Datetime => value is string s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _),
        _ => false,
    };

    /// <summary>Reads a text field the way CSV type inference does: empty is null, whole numbers are ints, other numbers floats, true/false bools.</summary>
    public static object? Infer(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return l;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
        {
            return d;
        }

        if (bool.TryParse(text, out var b))
        {
            return b;
        }

        return text;
    }

    /// <summary>A row value as a number, when it is one (or numeric text).</summary>
    public static bool TryGetNumber(object? value, out double number)
    {
        switch (value)
        {
            case double d:
                number = d;
                return true;
            case long l:
                number = l;
                return true;
            case string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed):
                number = parsed;
                return true;
            default:
                number = 0;
                return false;
        }
    }
}
