using Jobs.Configuration;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Jobs.Dashboard.Auth;

/// <summary>Brings the auth tables up to date and makes sure the three roles exist, before the server takes requests.</summary>
/// <remarks>Runs in <see cref="StartAsync"/> (not in the background) so the first sign-in never meets a missing table; the CLI calls <see cref="InitializeAsync"/> itself.</remarks>
internal sealed class AuthStoreInitializer(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await InitializeAsync(scope.ServiceProvider, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Migrates <see cref="AuthDbContext"/> and creates missing roles, using services from <paramref name="scoped"/>.</summary>
    public static async Task InitializeAsync(IServiceProvider scoped, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scoped);
        AuthDatabase.EnsureDirectory(scoped.GetRequiredService<IOptions<StorageOptions>>().Value);
        var db = scoped.GetRequiredService<AuthDbContext>();
        await db.Database.MigrateAsync(cancellationToken);

        var roles = scoped.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in JobsRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                var created = await roles.CreateAsync(new IdentityRole(role));
                if (!created.Succeeded)
                {
                    throw new InvalidOperationException($"Could not create the role '{role}': {string.Join(" ", created.Errors.Select(e => e.Description))}");
                }
            }
        }
    }
}
