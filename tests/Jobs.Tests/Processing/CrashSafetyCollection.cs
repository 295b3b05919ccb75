namespace Jobs.Tests.Processing;

/// <summary>The crash-safety tests: child processes on real files, timed on the wall clock.</summary>
/// <remarks>
/// They run one at a time and after the rest of the suite (no parallelization), so on a 2-core machine
/// another test's CPU load can't stretch a 1 s lease past a renewal and make a re-run the test didn't cause.
/// </remarks>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CrashSafetyCollection
{
    public const string Name = "Crash safety";

    /// <summary>Prints a line both to the test's output and as a diagnostic message (shown by the runner).</summary>
    internal static void Report(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        TestContext.Current.SendDiagnosticMessage(line);
    }
}
