using System.CommandLine;
using Jobs.Dashboard.Auth;

namespace Jobs.Dashboard.Cli;

/// <summary>Gives a verb its services, started on first use; the CLI root passes its shared engine's <c>StartAsync</c>.</summary>
/// <remarks>The provider must hold <c>AddJobsAuthStore()</c>'s registrations with the auth tables migrated (its hosted initializer has run).</remarks>
internal delegate Task<IServiceProvider> CliServiceSource(ParseResult parseResult, CancellationToken cancellationToken);

/// <summary>The auth store on its own, for CLI verbs run without the shared CLI host (and for tests): the same database and Identity set-up as the server, without HTTP.</summary>
/// <remarks>The verbs work while the server is down, and a running server sees a new user or key at its next request.</remarks>
internal static class AuthCliServices
{
    /// <summary>Builds the services from <paramref name="configuration"/> and brings the auth tables up to date.</summary>
    public static async Task<ServiceProvider> StartAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging();
        services.AddJobsAuthStore();
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        try
        {
            await using var scope = provider.CreateAsyncScope();
            await AuthStoreInitializer.InitializeAsync(scope.ServiceProvider, cancellationToken);
            return provider;
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
    }
}
