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
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices(config =>
        {
            config.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
            config.SnackbarConfiguration.VisibleStateDuration = 5000;
        });
        services.AddSignalR();
        services.AddSingleton<JobActionPolicy>();
        services.AddSingleton<JobHubSubscriptions>();
        services.AddScoped<DeadLetterGroupRetrier>();
        services.AddScoped<JobActionRunner>();
        return services;
    }

    /// <summary>Maps the pages (with a not-found page for unknown addresses) and <c>/hubs/jobs</c>.</summary>
    public static WebApplication MapDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapHub<JobsHub>(JobsHub.Path);
        return app;
    }
}
