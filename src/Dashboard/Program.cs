using Jobs;
using Jobs.Dashboard.Api;
using Jobs.Dashboard.Auth;
using Jobs.Dashboard.Cli;
using Jobs.Dashboard.Components;
using Jobs.Dashboard.Hosting;
using Jobs.Processing;
using Jobs.Scheduling;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.FileProviders;

// A verb runs the CLI against the store and exits; no verb serves.
if (CliApp.IsCliInvocation(args))
{
    return await CliApp.RunAsync(args, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);

// One configuration file for the whole product, at the repository root (or beside the binaries).
var layout = RepositoryLayout.Locate(
    [builder.Environment.ContentRootPath, Directory.GetCurrentDirectory()],
    AppContext.BaseDirectory);
builder.Configuration.UseSettingsDirectory(layout.Root);
builder.RestoreUrlsPrecedence(args);

builder.AddJobEngine().AddDashboardJobTypes();
builder.LocateSampleData(layout);
builder.AddJobsApi();
builder.AddJobsAuth();

// Schedules (Quartz on SQLite, data/scheduler.db), with the seeds' default schedules on first start.
builder.AddScheduling();

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
}).AllowAnonymous();
app.MapHealthChecks("/health/ready", new HealthCheckOptions
{
    Predicate = check => check.Tags.Contains("ready"),
    ResponseWriter = HealthResponseWriter.WriteAsync,
}).AllowAnonymous();
app.MapJobsApi();
app.MapArtifactEndpoints();

// Sign-in for everything, except /health/* and the sign-in pages. After MapJobsApi, whose status-code pages
// give 401 and 403 a problem-details body; before antiforgery and the pages.
app.UseJobsAuth();
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
