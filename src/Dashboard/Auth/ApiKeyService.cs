using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Dashboard.Auth;

/// <summary>Creates, lists, revokes and checks API keys.</summary>
/// <remarks>
/// A key reads <c>jobs_&lt;keyId&gt;_&lt;secret&gt;</c>: 8 random bytes of public id (hex) and 32 random bytes of
/// secret (base64url). Only SHA-256 of the whole key is stored; a presented key is found by its id and its hash
/// compared in constant time. A slow password hash is not needed: the secret has 256 bits of entropy, so nobody
/// can guess it from its hash. Creation and revocation are recorded in the audit log.
/// </remarks>
internal sealed class ApiKeyService(IDbContextFactory<AuthDbContext> contexts, IAuditLog audit, TimeProvider time)
{
    /// <summary>Every key starts with this, so secret scanners and people can recognise one.</summary>
    public const string Prefix = "jobs_";

    /// <summary>How stale a key's last-used time may get before a use writes it again (one write a minute at most per key).</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private const int MaxNameLength = 100;

    /// <summary>Creates a key with <paramref name="role"/>; the returned secret is shown once and never stored.</summary>
    /// <exception cref="ApiKeyException">When the name is blank, too long or taken, or the role unknown.</exception>
    public async Task<CreatedApiKey> CreateAsync(string name, string role, string createdBy, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(createdBy);
        name = name?.Trim() ?? "";
        if (name.Length == 0 || name.Length > MaxNameLength)
        {
            throw new ApiKeyException("name", $"An API key name must be 1 to {MaxNameLength} characters.");
        }

        var storedRole = JobsRoles.Parse(role)
            ?? throw new ApiKeyException("role", $"'{role}' is not a role; use {string.Join(", ", JobsRoles.All)}.");

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.ApiKeys.AnyAsync(k => k.Name == name, cancellationToken))
        {
            throw new ApiKeyException("name", $"An API key named '{name}' already exists.");
        }

        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var key = $"{Prefix}{keyId}_{secret}";
        var entity = new ApiKeyEntity
        {
            KeyId = keyId,
            Name = name,
            SecretHash = Hash(key),
            Role = storedRole,
            CreatedBy = createdBy,
            CreatedAt = time.GetUtcNow(),
        };
        db.ApiKeys.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(new AuditRecord(createdBy, AuditActions.ApiKeyCreate, AuditTargets.ApiKey, name, $"role {storedRole}"), cancellationToken);
        return new CreatedApiKey(ToInfo(entity), key);
    }

    /// <summary>Every key, revoked ones included, newest first.</summary>
    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var keys = await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.Id).ToListAsync(cancellationToken);
        return [.. keys.Select(ToInfo)];
    }

    /// <summary>Revokes the key named <paramref name="name"/>; false when there is none or it was revoked already.</summary>
    public async Task<bool> RevokeAsync(string name, string revokedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(revokedBy);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Name == name.Trim(), cancellationToken);
        if (key is null || key.RevokedAt is not null)
        {
            return false;
        }

        key.RevokedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(new AuditRecord(revokedBy, AuditActions.ApiKeyRevoke, AuditTargets.ApiKey, key.Name), cancellationToken);
        return true;
    }

    /// <summary>The key <paramref name="presented"/> belongs to, when it is valid and not revoked; records its use.</summary>
    public async Task<ApiKeyInfo?> AuthenticateAsync(string presented, CancellationToken cancellationToken = default)
    {
        if (!TryParseKeyId(presented, out var keyId))
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.KeyId == keyId, cancellationToken);
        if (key is null || !CryptographicOperations.FixedTimeEquals(Hash(presented), key.SecretHash) || key.RevokedAt is not null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (key.LastUsedAt is not { } last || now - last >= LastUsedResolution)
        {
            key.LastUsedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }

        return ToInfo(key);
    }

    private static bool TryParseKeyId(string presented, out string keyId)
    {
        keyId = "";
        // jobs_ + 16 hex + _ + 43 base64url characters.
        if (presented is not { Length: 65 } || !presented.StartsWith(Prefix, StringComparison.Ordinal) || presented[21] != '_')
        {
            return false;
        }

        keyId = presented.Substring(Prefix.Length, 16);
        return keyId.All(char.IsAsciiHexDigitLower);
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static ApiKeyInfo ToInfo(ApiKeyEntity key) =>
        new(key.Name, key.KeyId, key.Role, key.CreatedBy, key.CreatedAt, key.LastUsedAt, key.RevokedAt);
}

/// <summary>An API key as lists show it (never its secret).</summary>
internal sealed record ApiKeyInfo(string Name, string KeyId, string Role, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    /// <summary>Whether the key still works.</summary>
    public bool IsActive => RevokedAt is null;
}

/// <summary>A newly created key: <see cref="Key"/> is the only time the secret is available.</summary>
internal sealed record CreatedApiKey(ApiKeyInfo Info, string Key);

/// <summary>Bad input to an API key operation; the message is meant for the user.</summary>
/// <param name="field">The input at fault (<c>name</c> or <c>role</c>), for field-level error maps.</param>
/// <param name="message">What is wrong.</param>
internal sealed class ApiKeyException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
