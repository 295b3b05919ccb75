using Jobs;
using Jobs.Dashboard.Components;
using Jobs.Dashboard.Hosting;
using Jobs.Dashboard.SampleJobs;
using Jobs.Processing;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.FileProviders;

var builder = WebApplication.CreateBuilder(args);

// One configuration file for the whole product, at the repository root (or beside the binaries).
var layout = RepositoryLayout.Locate(
    [builder.Environment.ContentRootPath, Directory.GetCurrentDirectory()],
    AppContext.BaseDirectory);
builder.Configuration.UseSettingsDirectory(layout.Root);
builder.RestoreUrlsPrecedence(args);

builder.AddJobEngine()
    .AddHandler<NoopJob>(NoopJob.Name)
    .AddHandler<DemoCountJob>(DemoCountJob.Name);

builder.AddDashboard();
builder.Services.AddHealthChecks()
    .AddCheck<JobEngineHealthCheck>("jobs", tags: ["ready"]);

await using var app = builder.Build();

// Unknown addresses get the dashboard's not-found page instead of an empty 404.
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);

if (Directory.Exists(layout.AssetsDirectory))
{
    app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(layout.AssetsDirectory) });
}
else
{
    app.Logger.LogWarning("No static assets folder at {AssetsDirectory}; the favicon will be missing", layout.AssetsDirectory);
}

// Live: the process answers. Ready: the store answers and the workers run.
app.MapHealthChecks("/health/live", new HealthCheckOptions
{
    Predicate = _ => false,
    ResponseWriter = HealthResponseWriter.WriteAsync,
});
app.MapHealthChecks("/health/ready", new HealthCheckOptions
{
    Predicate = check => check.Tags.Contains("ready"),
    ResponseWriter = HealthResponseWriter.WriteAsync,
});
app.UseAntiforgery();
app.MapDashboard();

try
{
    await app.StartAsync();
}
catch (Exception ex) when (StartupErrors.IsConfigurationError(ex))
{
    // Options are validated on start: say which key is wrong, once, instead of leaving only a stack trace.
    var message = StartupErrors.Describe(ex);
    if (app.Logger.IsEnabled(LogLevel.Critical))
    {
        app.Logger.LogCritical("{StartupError}", message);
    }

    await Console.Error.WriteLineAsync(message);
    return StartupErrors.InvalidConfigurationExitCode;
}

await app.WaitForShutdownAsync();
return 0;

/// <summary>The host's entry point; public so that tests can start it with <c>WebApplicationFactory</c>.</summary>
public partial class Program;
