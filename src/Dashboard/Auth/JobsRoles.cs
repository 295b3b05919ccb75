namespace Jobs.Dashboard.Auth;

/// <summary>The three roles a user or API key can hold, from least to most privileged.</summary>
/// <remarks>
/// Each role includes the rights of the roles below it: a viewer reads everything; an operator also
/// enqueues, cancels, retries, triggers and purges the dead-letter queue; an admin also edits schedules and
/// manages users and API keys. The names are stored (Identity roles, API key rows), so never rename them.
/// </remarks>
internal static class JobsRoles
{
    /// <summary>Reads everything.</summary>
    public const string Viewer = "viewer";

    /// <summary>Also enqueues, cancels, retries, triggers and purges the dead-letter queue.</summary>
    public const string Operator = "operator";

    /// <summary>Also edits schedules and manages users and API keys.</summary>
    public const string Admin = "admin";

    /// <summary>Every role, least privileged first.</summary>
    public static IReadOnlyList<string> All { get; } = [Viewer, Operator, Admin];

    /// <summary>The stored role name for <paramref name="text"/> (case-insensitive), or null when it names no role.</summary>
    public static string? Parse(string? text) =>
        All.FirstOrDefault(role => string.Equals(role, text?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The roles that satisfy a requirement for <paramref name="role"/>: the role itself and every role above it.</summary>
    public static string[] AtLeast(string role)
    {
        var index = All.ToList().IndexOf(role);
        if (index < 0)
        {
            throw new ArgumentException($"'{role}' is not a role ({string.Join(", ", All)}).", nameof(role));
        }

        return [.. All.Skip(index)];
    }
}
