using Microsoft.Extensions.Configuration.Json;

namespace Jobs.Dashboard.Hosting;

/// <summary>Start-up plumbing for the host: where configuration comes from and where it listens.</summary>
internal static class HostingExtensions
{
    private const string UrlsEnvironmentVariable = "ASPNETCORE_URLS";

    /// <summary>
    /// Reads <c>appsettings.json</c> (and <c>appsettings.{Environment}.json</c>) from <paramref name="directory"/>
    /// instead of the content root, keeping their place in the order of sources.
    /// </summary>
    /// <remarks>
    /// Replacing the sources in place keeps the usual precedence: environment variables and the command line
    /// still override the file. The files are not watched: a watcher on the repository root would watch
    /// the whole source tree.
    /// </remarks>
    public static void UseSettingsDirectory(this IConfigurationBuilder configuration, string directory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);

        var sources = configuration.Sources;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource { Path: { } path } json
                && path.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase)
                && Path.GetFileName(path) == path)
            {
                var replacement = new JsonConfigurationSource
                {
                    Path = Path.Combine(directory, path),
                    Optional = json.Optional,
                    ReloadOnChange = false,
                };
                replacement.ResolveFileProvider();
                sources[i] = replacement;
            }
        }
    }

    /// <summary>
    /// Makes <c>ASPNETCORE_URLS</c> beat the <c>Urls</c> default in <c>appsettings.json</c>, as it does in a
    /// template app; <c>--urls</c> on the command line beats both.
    /// </summary>
    /// <remarks>
    /// ASP.NET Core reads <c>ASPNETCORE_</c> variables before <c>appsettings.json</c>, so a <c>Urls</c> key in
    /// the file would otherwise silently win over the environment.
    /// </remarks>
    public static void RestoreUrlsPrecedence(this WebApplicationBuilder builder, string[] args)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(args);

        var commandLine = new ConfigurationBuilder().AddCommandLine(args).Build();
        if (!string.IsNullOrWhiteSpace(commandLine[WebHostDefaults.ServerUrlsKey]))
        {
            return;
        }

        // An unprefixed URLS variable is read after the file and already wins.
        var fromEnvironment = Environment.GetEnvironmentVariable(UrlsEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)
            && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("URLS")))
        {
            builder.WebHost.UseUrls(fromEnvironment);
        }
    }
}
