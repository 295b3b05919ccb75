using Jobs.Dashboard.Auth;

namespace Jobs.Dashboard.Cli;

/// <summary>The one place CLI verbs record their changes in the audit log, as actor <see cref="AuditActor.Cli"/>.</summary>
/// <remarks>
/// The CLI runs on the server's machine with direct access to the store, so it has no signed-in user: whoever can
/// run it can change the store anyway, and the entry says the change came from the command line. Verbs call this
/// only after the change succeeded and only when it touched something.
/// </remarks>
internal static class CliAudit
{
    /// <summary>Records <paramref name="action"/> on <paramref name="targetType"/>/<paramref name="targetId"/> by <c>cli</c>.</summary>
    /// <param name="services">The verb's services (the CLI host holds the auth store, with its tables migrated).</param>
    /// <param name="action">What, from <see cref="AuditActions"/>.</param>
    /// <param name="targetType">The kind of target, from <see cref="AuditTargets"/>.</param>
    /// <param name="targetId">Which one, or null for an action on a set.</param>
    /// <param name="details">A short addition, from <see cref="Api.Audit.AuditDetails"/>.</param>
    public static Task RecordAsync(IServiceProvider services, string action, string targetType, string? targetId, string? details = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        // Not the verb's token: the change is made, so Ctrl+C now must not erase who made it.
        return services.GetRequiredService<IAuditLog>()
            .RecordAsync(new AuditRecord(AuditActor.Cli, action, targetType, targetId, details), CancellationToken.None);
    }
}
