using Jobs.Dashboard.Actions;
using Jobs.Dashboard.Components.DeadLetter;
using Jobs.Dashboard.Hubs;
using MudBlazor;
using MudBlazor.Services;

namespace Jobs.Dashboard.Components;

/// <summary>Registers and maps the Blazor dashboard and the public jobs hub.</summary>
internal static class DashboardExtensions
{
    /// <summary>Adds the interactive server components, MudBlazor, SignalR and the dashboard's services.</summary>
    /// <remarks>
    /// Static web assets (MudBlazor's CSS and JS, <c>blazor.web.js</c>) are served from the NuGet cache and the build
    /// output whenever the app runs from a build, in every environment: <c>dotnet run</c> runs as Production, where
    /// ASP.NET Core would otherwise serve them empty. A published app has no such manifest and serves its own copies.
    /// </remarks>
    public static IServiceCollection AddDashboard(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WebHost.UseStaticWebAssets();
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices(config =>
        {
            config.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
            config.SnackbarConfiguration.VisibleStateDuration = 5000;
        });
        services.AddSignalR();
        services.AddScoped<JobActionPolicy>();
        services.AddSingleton<JobHubSubscriptions>();
        services.AddScoped<DeadLetterGroupRetrier>();
        services.AddScoped<JobActionRunner>();
        services.AddSingleton<ScheduleActionPolicy>();
        services.AddScoped<ScheduleActionRunner>();
        return services;
    }

    /// <summary>Maps the pages (with a not-found page for unknown addresses) and <c>/hubs/jobs</c>.</summary>
    public static WebApplication MapDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // The sign-in page uses the same stylesheets before anyone has signed in.
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapHub<JobsHub>(JobsHub.Path);
        return app;
    }
}
