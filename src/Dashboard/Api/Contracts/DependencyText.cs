using System.Diagnostics.CodeAnalysis;
using Jobs.Model;

namespace Jobs.Dashboard.Api.Contracts;

/// <summary>Reads a dependency condition: <c>success</c>, <c>completion</c> or <c>failure</c> (the enum names <c>onSuccess</c>… are accepted too).</summary>
internal static class DependencyText
{
    /// <summary>The accepted words, for error messages.</summary>
    public const string Words = "success, completion or failure";

    /// <summary>Parses a condition; null or empty means <see cref="DependencyCondition.OnSuccess"/>.</summary>
    public static bool TryParse(string? text, out DependencyCondition condition)
    {
        condition = DependencyCondition.OnSuccess;
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "" or "success" or "onsuccess":
                return true;
            case "completion" or "oncompletion":
                condition = DependencyCondition.OnCompletion;
                return true;
            case "failure" or "onfailure":
                condition = DependencyCondition.OnFailure;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Parses the CLI's <c>ID[:condition]</c>.</summary>
    public static bool TryParseEdge(string text, [NotNullWhen(true)] out JobDependency? dependency)
    {
        ArgumentNullException.ThrowIfNull(text);
        dependency = null;
        var parts = text.Split(':', 2);
        if (!long.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) || id <= 0
            || !TryParse(parts.Length > 1 ? parts[1] : null, out var condition))
        {
            return false;
        }

        dependency = JobDependency.On(id, condition);
        return true;
    }
}
