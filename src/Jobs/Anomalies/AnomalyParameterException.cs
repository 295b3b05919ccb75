namespace Jobs.Anomalies;

/// <summary>A detector or STL parameter, or the input series, is invalid.</summary>
/// <remarks>
/// Carries the offending parameter's name (as statsmodels and the CLI spell it, e.g. <c>seasonal</c>,
/// <c>low_pass_jump</c>, <c>values</c>) so that callers can report a field-level error.
/// </remarks>
public sealed class AnomalyParameterException : ArgumentException
{
    /// <summary>Creates the error for <paramref name="parameter"/>.</summary>
    public AnomalyParameterException(string parameter, string message)
        : base(message, parameter)
    {
        Parameter = parameter;
    }

    /// <summary>Creates an error not tied to one parameter.</summary>
    public AnomalyParameterException()
        : this("value", "Invalid anomaly detection parameter.")
    {
    }

    /// <summary>Creates an error with a message.</summary>
    public AnomalyParameterException(string message)
        : this("value", message)
    {
    }

    /// <summary>Creates an error wrapping another.</summary>
    public AnomalyParameterException(string message, Exception innerException)
        : base(message, innerException)
    {
        Parameter = "value";
    }

    /// <summary>The parameter's name.</summary>
    public string Parameter { get; } = "value";

    /// <summary>The reason alone, without the "(Parameter ...)" suffix <see cref="ArgumentException.Message"/> adds.</summary>
    public string Reason => base.Message.Replace($" (Parameter '{ParamName}')", "", StringComparison.Ordinal);
}
