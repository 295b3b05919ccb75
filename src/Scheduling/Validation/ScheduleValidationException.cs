namespace Jobs.Scheduling.Validation;

/// <summary>A schedule was refused; nothing was saved.</summary>
/// <remarks>
/// <see cref="Errors"/> maps a field of <see cref="Model.ScheduleDefinition"/> in camelCase (<c>name</c>, <c>cron</c>,
/// <c>timeZone</c>, <c>endAt</c>, ...) to what is wrong with it, so the API answers 400 with a problem detail and the
/// editor shows each message at its field. Same shape as the engine's <c>JobValidationException</c>.
/// </remarks>
public sealed class ScheduleValidationException : Exception
{
    public ScheduleValidationException() : this("The schedule is invalid.") { }

    public ScheduleValidationException(string message) : base(message) => Errors = new Dictionary<string, string[]>();

    public ScheduleValidationException(string message, Exception innerException) : base(message, innerException) => Errors = new Dictionary<string, string[]>();

    /// <summary>Creates the exception for one field.</summary>
    public ScheduleValidationException(string field, string message) : base($"{field}: {message}") =>
        Errors = new Dictionary<string, string[]> { [field] = [message] };

    /// <summary>Creates the exception for several fields.</summary>
    public ScheduleValidationException(IReadOnlyDictionary<string, string[]> errors)
        : base(string.Join("; ", (errors ?? throw new ArgumentNullException(nameof(errors))).Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"))) => Errors = errors;

    /// <summary>What is wrong, by field.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }
}
