using Jobs.Dashboard.Auth;

namespace Jobs.Dashboard.Cli;

/// <summary>The auth store for CLI verbs: the same database and Identity set-up as the server, without HTTP.</summary>
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
