namespace Jobs.Dashboard.Cli;

/// <summary>The CLI's exit codes, as CONTRACTS.md promises them to scripts.</summary>
internal static class CliExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>The command was well-formed but failed: an unknown id, a state that does not allow the action, a store error.</summary>
    public const int Failure = 1;

    /// <summary>Bad usage or bad input (an unknown option, an invalid value, a job request the engine refuses); nothing was changed.</summary>
    public const int Usage = 2;

    /// <summary>Writes a one-line reason to stderr and returns <see cref="Usage"/>.</summary>
    public static async Task<int> BadInputAsync(TextWriter error, string reason)
    {
        ArgumentNullException.ThrowIfNull(error);
        await error.WriteLineAsync(reason);
        return Usage;
    }

    /// <summary>Writes a one-line reason to stderr and returns <see cref="Failure"/> (an unknown name or id, as for jobs).</summary>
    public static async Task<int> FailureAsync(TextWriter error, string reason)
    {
        ArgumentNullException.ThrowIfNull(error);
        await error.WriteLineAsync(reason);
        return Failure;
    }
}
