using System.CommandLine;
using Jobs.Dashboard.Hosting;

namespace Jobs.Dashboard.Cli;

/// <summary>The engine as the CLI uses it: the same configuration and store as the server, with no workers.</summary>
/// <remarks>
/// Verbs write to the store directly (<c>JobEngine:RunWorkers=false</c>), so they work while the server is down; a
/// running server notices another process's writes through SQLite's <c>data_version</c> within its poll interval
/// (250 ms by default). The host starts on the first verb that needs it, so <c>--help</c> never touches the store.
/// </remarks>
internal sealed class CliEngine(IEnumerable<KeyValuePair<string, string?>> settings, Action<HostApplicationBuilder> configure) : IAsyncDisposable
{
    private IHost? _host;

    /// <summary>Starts the engine once (migrating the store if needed) and returns its services.</summary>
    /// <exception cref="CliUsageException">When the configuration is invalid.</exception>
    public async Task<IServiceProvider> StartAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        if (_host is not null)
        {
            return _host.Services;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            EnvironmentName = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
                ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
                ?? Environments.Production,
        });
        var layout = RepositoryLayout.Locate([Directory.GetCurrentDirectory()], AppContext.BaseDirectory);
        builder.Configuration.UseSettingsDirectory(layout.Root);
        builder.Configuration.AddInMemoryCollection(settings);
        var overrides = new Dictionary<string, string?> { ["JobEngine:RunWorkers"] = "false" };
        if (parseResult.GetValue(CliOptions.DataDirectory) is { Length: > 0 } dataDirectory)
        {
            overrides["Storage:DataDirectory"] = Path.GetFullPath(dataDirectory);
        }

        builder.Configuration.AddInMemoryCollection(overrides);

        // stdout belongs to the verb's output (scripts parse --json); the engine's own warnings go to stderr.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        // After the Logging section is bound, so appsettings.json's Information levels do not reach a verb's stderr.
        builder.Services.PostConfigure<LoggerFilterOptions>(o =>
        {
            o.Rules.Clear();
            o.MinLevel = LogLevel.Warning;
        });

        configure(builder);
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (Exception ex) when (StartupErrors.IsConfigurationError(ex))
        {
            host.Dispose();
            throw new CliUsageException(string.Join(" ", StartupErrors.Describe(ex).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)), ex);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        _host = host;
        return host.Services;
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is null)
        {
            return;
        }

        try
        {
            await _host.StopAsync(CancellationToken.None);
        }
        finally
        {
            if (_host is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
            else
            {
                _host.Dispose();
            }
        }
    }
}
