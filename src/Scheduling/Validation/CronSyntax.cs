using Quartz;

namespace Jobs.Scheduling.Validation;

/// <summary>Checks a cron expression field by field before Quartz sees it, and says which field is wrong.</summary>
/// <remarks>
/// Quartz's parser builds a set per field and reports integer overflow without naming the field; an input like
/// <c>1--100000000</c> or <c>*/0</c> must be refused fast and clearly. This check walks the text once, never parses
/// more than a few digits into a number and allocates nothing in proportion to the values. Whatever passes is then
/// parsed by Quartz (5 fields with <see cref="CronFormat.Unix"/>, 6 or 7 with <see cref="CronFormat.Quartz"/>).
/// </remarks>
internal static class CronSyntax
{
    /// <summary>The longest expression accepted.</summary>
    public const int MaxLength = 200;

    private const int MaxElementsPerField = 60;

    private sealed record FieldSpec(string Name, int Min, int Max, string[]? Names, bool AllowQuestion, bool DayOfMonth, bool DayOfWeek);

    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] Days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private static readonly FieldSpec Second = new("second", 0, 59, null, false, false, false);
    private static readonly FieldSpec Minute = new("minute", 0, 59, null, false, false, false);
    private static readonly FieldSpec Hour = new("hour", 0, 23, null, false, false, false);
    private static readonly FieldSpec DayOfMonth = new("day-of-month", 1, 31, null, true, true, false);
    private static readonly FieldSpec Month = new("month", 1, 12, Months, false, false, false);
    private static readonly FieldSpec UnixDayOfWeek = new("day-of-week", 0, 7, Days, true, false, true);
    private static readonly FieldSpec QuartzDayOfWeek = new("day-of-week", 1, 7, Days, true, false, true);
    private static readonly FieldSpec Year = new("year", 1970, 2199, null, false, false, false);

    private static readonly FieldSpec[] UnixFields = [Minute, Hour, DayOfMonth, Month, UnixDayOfWeek];
    private static readonly FieldSpec[] QuartzFields = [Second, Minute, Hour, DayOfMonth, Month, QuartzDayOfWeek, Year];

    /// <summary>Checks the expression and parses it with Quartz.</summary>
    /// <param name="expression">The user's text.</param>
    /// <param name="timeZone">The zone the expression is read in.</param>
    /// <param name="cron">The parsed expression, when valid.</param>
    /// <param name="error">What is wrong and where, when not.</param>
    public static bool TryParse(string? expression, TimeZoneInfo timeZone, out CronExpression? cron, out string? error)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        cron = null;
        error = Check(expression, out var format);
        if (error is not null)
        {
            return false;
        }

        try
        {
            cron = CronExpression.Parse(expression!.Trim(), format).WithTimeZone(timeZone);
            return true;
        }
        catch (FormatException ex)
        {
            error = $"Not a valid cron expression: {ex.Message}";
            return false;
        }
    }

    /// <summary>The structural check alone: null when the text is well formed, else the message.</summary>
    public static string? Check(string? expression, out CronFormat format)
    {
        format = CronFormat.Unix;
        if (string.IsNullOrWhiteSpace(expression))
        {
            return "A cron expression is required.";
        }

        if (expression.Length > MaxLength)
        {
            return $"A cron expression is at most {MaxLength} characters (this one has {expression.Length}).";
        }

        var fields = expression.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        FieldSpec[] specs;
        switch (fields.Length)
        {
            case 5:
                specs = UnixFields;
                format = CronFormat.Unix;
                break;
            case 6 or 7:
                specs = QuartzFields;
                format = CronFormat.Quartz;
                break;
            default:
                return $"A cron expression has 5 fields (minute hour day-of-month month day-of-week) or Quartz's 6 or 7 (second first, optional year last); this one has {fields.Length}.";
        }

        for (var i = 0; i < fields.Length; i++)
        {
            if (CheckField(fields[i], specs[i]) is { } problem)
            {
                return $"{specs[i].Name} field '{fields[i]}': {problem}";
            }
        }

        if (format == CronFormat.Quartz)
        {
            var dom = fields[3];
            var dow = fields[5];
            if (dom != "?" && dow != "?")
            {
                return "In the 6/7-field Quartz form one of day-of-month and day-of-week must be '?' (for example '0 0 9 ? * MON').";
            }

            if (dom == "?" && dow == "?")
            {
                return "In the 6/7-field Quartz form only one of day-of-month and day-of-week may be '?'.";
            }
        }

        return null;
    }

    private static string? CheckField(string field, FieldSpec spec)
    {
        var elements = field.Split(',');
        if (elements.Length > MaxElementsPerField)
        {
            return $"at most {MaxElementsPerField} comma-separated values.";
        }

        foreach (var element in elements)
        {
            if (CheckElement(element, spec, elements.Length) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? CheckElement(string element, FieldSpec spec, int elementCount)
    {
        if (element.Length == 0)
        {
            return "an empty value (two commas in a row, or a trailing comma).";
        }

        if (element == "?")
        {
            return spec.AllowQuestion && elementCount == 1 ? null : $"'?' is only allowed alone, in day-of-month or day-of-week.";
        }

        if (spec.DayOfMonth && IsDayOfMonthSpecial(element, out var domProblem))
        {
            return domProblem;
        }

        if (spec.DayOfWeek && IsDayOfWeekSpecial(element, spec, out var dowProblem))
        {
            return dowProblem;
        }

        var slash = element.IndexOf('/', StringComparison.Ordinal);
        var range = slash < 0 ? element : element[..slash];
        if (slash >= 0)
        {
            var stepText = element[(slash + 1)..];
            if (stepText.Contains('/', StringComparison.Ordinal))
            {
                return $"'{element}' has more than one '/'.";
            }

            if (!TryNumber(stepText, out var step))
            {
                return $"the step in '{element}' must be a whole number from 1 to {StepLimit(spec)}.";
            }

            if (step < 1 || step > StepLimit(spec))
            {
                return $"the step in '{element}' must be from 1 to {StepLimit(spec)} (was {stepText}).";
            }
        }

        if (range == "*")
        {
            return null;
        }

        var parts = range.Split('-');
        if (parts.Length > 2 || parts.Any(p => p.Length == 0))
        {
            return $"'{range}' is neither a value nor a range like 1-5.";
        }

        foreach (var part in parts)
        {
            if (CheckValue(part, spec) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    // A step can be at most the field's largest value (59 minutes, 23 hours, 31 days, 12 months, 7 days of the week).
    private static int StepLimit(FieldSpec spec) => spec.Min >= 1970 ? spec.Max - spec.Min : spec.Max;

    private static string? CheckValue(string value, FieldSpec spec)
    {
        if (char.IsAsciiDigit(value[0]))
        {
            if (!TryNumber(value, out var number))
            {
                return $"'{value}' is not a number from {spec.Min} to {spec.Max}.";
            }

            return number < spec.Min || number > spec.Max ? $"{number} is out of range ({spec.Min} to {spec.Max})." : null;
        }

        if (spec.Names is { } names && names.Contains(value.ToUpperInvariant()))
        {
            return null;
        }

        return spec.Names is null
            ? $"'{value}' is not a number from {spec.Min} to {spec.Max}."
            : $"'{value}' is not a number from {spec.Min} to {spec.Max} nor a name ({spec.Names[0]}-{spec.Names[^1]}).";
    }

    // L, L-3, 15W, LW: last day, days before it, nearest weekday.
    private static bool IsDayOfMonthSpecial(string element, out string? problem)
    {
        problem = null;
        var upper = element.ToUpperInvariant();
        if (upper is "L" or "LW")
        {
            return true;
        }

        if (upper.StartsWith("L-", StringComparison.Ordinal))
        {
            problem = TryNumber(upper[2..], out var offset) && offset <= 30 ? null : $"'{element}': the offset from the last day must be from 0 to 30.";
            return true;
        }

        if (upper.EndsWith('W'))
        {
            problem = TryNumber(upper[..^1], out var day) && day is >= 1 and <= 31 ? null : $"'{element}': the day before W must be from 1 to 31.";
            return true;
        }

        return false;
    }

    // 5L (last Thursday in Quartz numbering), 6#3 (third Friday).
    private static bool IsDayOfWeekSpecial(string element, FieldSpec spec, out string? problem)
    {
        problem = null;
        var upper = element.ToUpperInvariant();
        if (upper == "L")
        {
            return true;
        }

        var hash = upper.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            problem = CheckValue(upper[..Math.Max(hash, 1)], spec) is { } p ? p
                : TryNumber(upper[(hash + 1)..], out var nth) && nth is >= 1 and <= 5 ? null
                : $"'{element}': the week after '#' must be from 1 to 5.";
            return true;
        }

        if (upper.Length > 1 && upper.EndsWith('L'))
        {
            problem = CheckValue(upper[..^1], spec);
            return true;
        }

        return false;
    }

    // At most 4 digits: no value of any field needs more, and nothing larger is ever turned into a number.
    private static bool TryNumber(string text, out int value)
    {
        value = 0;
        if (text.Length is 0 or > 4)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
