using System.CommandLine;
using System.CommandLine.Help;
using Jobs.Client;
using Jobs.Storage;

namespace Jobs.Dashboard.Cli;

/// <summary>The CLI's entry point: decides whether the arguments name a verb, runs it, and maps failures to exit codes.</summary>
/// <remarks>Failures are caught here and only here, so every verb reports the same way: a one-line reason on stderr.</remarks>
internal static class CliApp
{
    private static readonly string[] HelpOrVersion = ["--help", "-h", "-?", "/?", "/h", "--version"];

    /// <summary>Whether the arguments ask for the CLI: a first argument that is a word (a verb), or help.</summary>
    /// <remarks><c>--urls …</c> and <c>--Section:Key=value</c> keep serving, as in any ASP.NET Core app.</remarks>
    public static bool IsCliInvocation(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Count > 0 && (!args[0].StartsWith('-') || HelpOrVersion.Contains(args[0], StringComparer.Ordinal));
    }

    /// <summary>Parses and runs a verb; returns the exit code.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="output">Where answers go (stdout).</param>
    /// <param name="error">Where the one-line reasons go (stderr).</param>
    /// <param name="settings">Configuration that overrides appsettings.json and the environment (tests use it for the data directory).</param>
    /// <param name="cancellationToken">Stops the verb.</param>
    public static async Task<int> RunAsync(
        string[] args, TextWriter output, TextWriter error, IEnumerable<KeyValuePair<string, string?>>? settings = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        await using var engine = new CliEngine(settings ?? [], CliRootCommand.ConfigureHost);
        var root = CliRootCommand.Create(engine);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not HelpAction)
        {
            // An unknown word explains more than the "command was not provided" it also causes.
            var first = parse.Errors.FirstOrDefault(e => parse.UnmatchedTokens.Any(t => e.Message.Contains(t, StringComparison.Ordinal))) ?? parse.Errors[0];
            await error.WriteLineAsync($"{OneLine(first.Message)} (see --help)");
            return CliExitCodes.Usage;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        catch (Exception ex) when (ExitCodeOf(ex) is { } code)
        {
            await error.WriteLineAsync(OneLine(ex.Message));
            return code;
        }
    }

    private static int? ExitCodeOf(Exception ex) => ex switch
    {
        CliUsageException or JobValidationException => CliExitCodes.Usage,
        CliFailureException or JobStoreException => CliExitCodes.Failure,
        OperationCanceledException => null,
        // Anything else is still a runtime failure, reported in one line rather than a stack trace.
        _ => CliExitCodes.Failure,
    };

    private static string OneLine(string text) => string.Join(" ", text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
}
