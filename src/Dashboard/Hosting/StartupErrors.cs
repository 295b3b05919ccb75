using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Jobs.Dashboard.Hosting;

/// <summary>Turns configuration errors found at start-up into one message that names the offending keys.</summary>
internal static partial class StartupErrors
{
    /// <summary>The exit code for bad configuration (bad input, as in the CLI's contract).</summary>
    public const int InvalidConfigurationExitCode = 2;

    /// <summary>Whether the exception means the configuration is invalid, not that the host is broken.</summary>
    public static bool IsConfigurationError(Exception exception) => exception switch
    {
        OptionsValidationException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsConfigurationError),
        // The binder names the key itself: "Failed to convert configuration value '…' at 'JobEngine:Workers' to type …".
        InvalidOperationException { Message: var m } => m.StartsWith("Failed to convert configuration value", StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>A message for stderr: one line per problem, each naming its configuration key where it can.</summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var text = new StringBuilder("Invalid configuration; the server did not start.");
        Append(text, exception);
        return text.ToString();
    }

    private static void Append(StringBuilder text, Exception exception)
    {
        switch (exception)
        {
            case AggregateException aggregate:
                foreach (var inner in aggregate.InnerExceptions)
                {
                    Append(text, inner);
                }

                break;
            case OptionsValidationException validation:
                var section = SectionOf(validation.OptionsType);
                foreach (var failure in validation.Failures)
                {
                    text.AppendLine().Append("  ").Append(Qualify(section, failure));
                }

                break;
            default:
                text.AppendLine().Append("  ").Append(exception.Message);
                break;
        }
    }

    // Options types carry their section as a public const SectionName (JobEngineOptions, StorageOptions).
    private static string? SectionOf(Type optionsType) =>
        optionsType.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string;

    // DataAnnotations failures read "DataAnnotation validation failed for 'T' members: 'A,B' with the error: '…'.";
    // they name the property, not the key, so prefix the section. Other failures are kept as written.
    private static string Qualify(string? section, string failure)
    {
        var match = DataAnnotationFailure().Match(failure);
        if (section is null || !match.Success)
        {
            return failure;
        }

        var keys = match.Groups["members"].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(member => $"{section}:{member}");
        return $"{string.Join(", ", keys)}: {match.Groups["error"].Value}";
    }

    [GeneratedRegex(@"members: '(?<members>[^']*)' with the error: '(?<error>.*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotationFailure();
}
