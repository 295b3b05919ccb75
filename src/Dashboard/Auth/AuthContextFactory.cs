using Jobs.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Jobs.Dashboard.Auth;

/// <summary>
/// Creates the sign-in store's contexts for the engine's provider: <see cref="AuthDbContext"/> on SQLite,
/// <see cref="PostgresAuthDbContext"/> (PostgreSQL's migrations) on PostgreSQL, so nothing that uses the store knows which.
/// </summary>
internal sealed class AuthContextFactory : IDbContextFactory<AuthDbContext>
{
    private readonly Func<AuthDbContext> _create;

    public AuthContextFactory(IOptions<StorageOptions> storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var settings = storage.Value;
        if (AuthDatabase.IsPostgres(settings))
        {
            var options = new DbContextOptionsBuilder<PostgresAuthDbContext>();
            AuthDatabase.ConfigurePostgres(options, settings);
            var built = options.Options;
            _create = () => new PostgresAuthDbContext(built);
        }
        else
        {
            var options = new DbContextOptionsBuilder<AuthDbContext>();
            AuthDatabase.Configure(options, settings);
            var built = options.Options;
            _create = () => new AuthDbContext(built);
        }
    }

    public AuthDbContext CreateDbContext() => _create();
}
