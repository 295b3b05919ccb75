using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Dashboard.Auth;

/// <summary>Adds, lists and removes dashboard users, each with exactly one role; used by the set-up page and the CLI.</summary>
/// <remarks>Passwords are hashed by ASP.NET Core Identity's <see cref="UserManager{TUser}"/>; nothing here touches a hash.</remarks>
internal sealed class UserAdministration(UserManager<IdentityUser> users, IAuditLog audit)
{
    /// <summary>Whether any user exists (the set-up page answers only while none does).</summary>
    public Task<bool> AnyUserAsync(CancellationToken cancellationToken = default) => users.Users.AnyAsync(cancellationToken);

    /// <summary>Creates <paramref name="userName"/> with <paramref name="role"/> and <paramref name="password"/>.</summary>
    /// <exception cref="UserAdministrationException">With every reason the name, role or password was refused.</exception>
    public async Task CreateAsync(string userName, string role, string password, string createdBy, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(createdBy);
        var storedRole = JobsRoles.Parse(role)
            ?? throw new UserAdministrationException("role", $"'{role}' is not a role; use {string.Join(", ", JobsRoles.All)}.");
        userName = userName?.Trim() ?? "";
        if (userName.Length == 0)
        {
            throw new UserAdministrationException("userName", "A user name is required.");
        }

        if (await users.FindByNameAsync(userName) is not null)
        {
            throw new UserAdministrationException("userName", $"A user named '{userName}' already exists.");
        }

        var user = new IdentityUser(userName);
        Check(await users.CreateAsync(user, password ?? ""));
        var added = await users.AddToRoleAsync(user, storedRole);
        if (!added.Succeeded)
        {
            await users.DeleteAsync(user);
            Check(added);
        }

        await audit.RecordAsync(new AuditRecord(createdBy, AuditActions.UserCreate, AuditTargets.User, userName, $"role {storedRole}"), cancellationToken);
    }

    /// <summary>Every user with its role, by name.</summary>
    public async Task<IReadOnlyList<UserInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        var all = await users.Users.OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        var result = new List<UserInfo>(all.Count);
        foreach (var user in all)
        {
            var roles = await users.GetRolesAsync(user);
            result.Add(new UserInfo(user.UserName ?? "", roles.FirstOrDefault() ?? "", user.LockoutEnd));
        }

        return result;
    }

    /// <summary>Removes <paramref name="userName"/>; false when there is no such user.</summary>
    public async Task<bool> RemoveAsync(string userName, string removedBy, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(removedBy);
        var user = await users.FindByNameAsync(userName?.Trim() ?? "");
        if (user is null)
        {
            return false;
        }

        Check(await users.DeleteAsync(user));
        await audit.RecordAsync(new AuditRecord(removedBy, AuditActions.UserRemove, AuditTargets.User, user.UserName), cancellationToken);
        return true;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            var field = result.Errors.All(e => e.Code.StartsWith("Password", StringComparison.Ordinal)) ? "password" : "userName";
            throw new UserAdministrationException(field, string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}

/// <summary>A user as lists show it.</summary>
internal sealed record UserInfo(string UserName, string Role, DateTimeOffset? LockedOutUntil);

/// <summary>Bad input to a user operation; the message is meant for the user.</summary>
/// <param name="field">The input at fault (<c>userName</c>, <c>role</c> or <c>password</c>), for field-level error maps.</param>
/// <param name="message">What is wrong.</param>
internal sealed class UserAdministrationException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
