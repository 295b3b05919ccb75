namespace Jobs.Dashboard.Cli;

/// <summary>Bad usage or input found by a verb itself; the CLI exits with <see cref="CliExitCodes.Usage"/> and this one-line message.</summary>
internal sealed class CliUsageException : Exception
{
    public CliUsageException() { }

    public CliUsageException(string message) : base(message) { }

    public CliUsageException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>A well-formed command that could not be done (unknown id, wrong state); exits with <see cref="CliExitCodes.Failure"/>.</summary>
internal sealed class CliFailureException : Exception
{
    public CliFailureException() { }

    public CliFailureException(string message) : base(message) { }

    public CliFailureException(string message, Exception innerException) : base(message, innerException) { }
}
