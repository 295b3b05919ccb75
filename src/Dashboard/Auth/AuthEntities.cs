namespace Jobs.Dashboard.Auth;

/// <summary>A stored API key: only a hash of the secret is kept, so a leaked database leaks no usable key.</summary>
internal sealed class ApiKeyEntity
{
    public long Id { get; set; }

    /// <summary>The public part of the key (its lookup id), printed in lists so a key can be recognised.</summary>
    public required string KeyId { get; set; }

    /// <summary>A human name, unique among keys (revoked ones included), e.g. <c>ci-deploy</c>.</summary>
    public required string Name { get; set; }

    /// <summary>SHA-256 of the whole key as presented.</summary>
    public required byte[] SecretHash { get; set; }

    /// <summary>The role the key acts with (<see cref="JobsRoles"/>).</summary>
    public required string Role { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>One recorded change: who did what to which target, and when.</summary>
internal sealed class AuditEntryEntity
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Actor { get; set; }

    public required string Action { get; set; }

    public required string TargetType { get; set; }

    public string? TargetId { get; set; }

    public string? Details { get; set; }
}
