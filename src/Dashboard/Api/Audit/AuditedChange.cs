namespace Jobs.Dashboard.Api.Audit;

/// <summary>An endpoint's successful answer, marked as a change the audit log must record: which target, with what details.</summary>
/// <remarks>
/// The endpoint knows what it changed (the new job's id, how many dead-lettered jobs it requeued); the
/// <see cref="AuditedEndpoints.Audited"/> filter knows who asked and records the entry, then unwraps this result so
/// the client gets <see cref="Inner"/> unchanged. Executing the wrapper itself means the route lacks
/// <c>.Audited(...)</c>; that throws instead of silently losing the entry.
/// </remarks>
internal sealed class AuditedChange : IResult, IStatusCodeHttpResult, IValueHttpResult
{
    private AuditedChange(IResult inner, string? targetId, string? details)
    {
        Inner = inner;
        TargetId = targetId;
        Details = details;
    }

    /// <summary>The answer the client gets.</summary>
    public IResult Inner { get; }

    /// <summary>The changed target's id (a job id), or null for an action on a set (the dead-letter queue).</summary>
    public string? TargetId { get; }

    /// <summary>A short addition, e.g. "requeued 3 (all)".</summary>
    public string? Details { get; }

    /// <inheritdoc />
    public int? StatusCode => (Inner as IStatusCodeHttpResult)?.StatusCode;

    /// <inheritdoc />
    public object? Value => (Inner as IValueHttpResult)?.Value;

    /// <summary>Marks <paramref name="inner"/> as the answer to a change of <paramref name="targetId"/>.</summary>
    public static AuditedChange Of(IResult inner, string? targetId, string? details = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        return new AuditedChange(inner, targetId, details);
    }

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext) =>
        throw new InvalidOperationException(
            $"The endpoint {httpContext?.GetEndpoint()?.DisplayName} reported an audited change but has no .Audited(...) filter; the change would go unrecorded.");
}
