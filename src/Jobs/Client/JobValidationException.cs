namespace Jobs.Client;

/// <summary>A job request was refused; nothing was written.</summary>
/// <remarks><see cref="Errors"/> maps a field (for example <c>args</c> or <c>dependsOn[0]</c>) to what is wrong with it, for a 400 problem detail.</remarks>
public sealed class JobValidationException : Exception
{
    public JobValidationException() : this("The job request is invalid.") { }

    public JobValidationException(string message) : base(message) => Errors = new Dictionary<string, string[]>();

    public JobValidationException(string message, Exception innerException) : base(message, innerException) => Errors = new Dictionary<string, string[]>();

    /// <summary>Creates the exception for one field.</summary>
    public JobValidationException(string field, string message) : base($"{field}: {message}") =>
        Errors = new Dictionary<string, string[]> { [field] = [message] };

    /// <summary>Creates the exception for several fields.</summary>
    public JobValidationException(IReadOnlyDictionary<string, string[]> errors)
        : base(string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"))) => Errors = errors;

    /// <summary>What is wrong, by field.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }
}
