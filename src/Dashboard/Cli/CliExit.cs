namespace Jobs.Dashboard.Cli;

/// <summary>The CLI's exit codes (CONTRACTS.md): 0 ok, 1 runtime failure, 2 bad usage or bad input.</summary>
internal static class CliExit
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadInput = 2;

    /// <summary>Writes a one-line reason to stderr and returns <see cref="BadInput"/>.</summary>
    public static async Task<int> BadInputAsync(TextWriter error, string reason)
    {
        ArgumentNullException.ThrowIfNull(error);
        await error.WriteLineAsync(reason);
        return BadInput;
    }
}
