using Jobs.Configuration;
using Jobs.Dashboard.Hubs;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Jobs.Dashboard.Auth;

/// <summary>Registration entry points for sign-in, roles, API keys and the audit log.</summary>
internal static class AuthServiceCollectionExtensions
{
    /// <summary>The default scheme: picks the API key, cookie or local-development handler per request.</summary>
    public const string SelectorScheme = "Jobs";

    /// <summary>
    /// Adds sign-in for the server: Identity on the engine's SQLite database, cookie sign-in, API keys, the
    /// <see cref="AuthPolicies"/> (with <see cref="AuthPolicies.Viewer"/> as the fallback), the audit log and the
    /// guard that refuses an open dashboard on a network address. Settings come from the <c>Auth</c> section.
    /// </summary>
    public static WebApplicationBuilder AddJobsAuth(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddJobsAuthStore().AddSignInManager();
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName)
            .Validate(o => o.SessionLifetime > TimeSpan.Zero, "Auth:SessionLifetime must be positive.")
            .ValidateOnStart();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SelectorScheme;
                o.DefaultChallengeScheme = SelectorScheme;
                o.DefaultForbidScheme = SelectorScheme;
            })
            .AddPolicyScheme(SelectorScheme, "API key, cookie, or local development", o => o.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, LocalDevelopmentAuthenticationHandler>(LocalDevelopmentAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();

        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IOptions<AuthOptions>>((cookie, auth) =>
            {
                cookie.Cookie.Name = ".Jobs.Auth";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.LoginPath = AuthEndpoints.SignInPath;
                cookie.LogoutPath = AuthEndpoints.SignOutPath;
                cookie.ExpireTimeSpan = auth.Value.SessionLifetime;
                cookie.SlidingExpiration = true;
                cookie.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
                cookie.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
            });
        // A removed user or changed role takes effect within a minute, not the default 30.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddAuthorizationBuilder().AddJobsPolicies();
        // Blazor pages: <AuthorizeView Policy="Operator"> and [Authorize] see the signed-in user, re-checked every minute.
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, SignedInUserRevalidator>();
        services.AddAntiforgery();
        // Sign-in cookies and antiforgery tokens are protected with keys kept under the data directory, with all
        // other state: a restart keeps users signed in, and nodes sharing a data directory share the keys.
        services.AddDataProtection().SetApplicationName("Jobs");
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<StorageOptions>, ILoggerFactory>((keys, storage, loggers) =>
            keys.XmlRepository = new FileSystemXmlRepository(KeysDirectory(storage.Value), loggers));
        services.AddHostedService<OpenNetworkGuard>();
        return builder;
    }

    /// <summary>
    /// Adds the auth store alone (no HTTP): <see cref="AuthDbContext"/> on the engine's database, Identity's user
    /// and role managers, <see cref="ApiKeyService"/>, <see cref="UserAdministration"/>, <see cref="IAuditLog"/>, and
    /// <see cref="AuthStoreInitializer"/>, which migrates the auth tables when the host starts. The CLI host uses
    /// this; <see cref="AddJobsAuth"/> builds on it.
    /// </summary>
    public static IdentityBuilder AddJobsAuthStore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingletonTimeProvider();
        // The engine binds the same section; binding twice yields the same values, and the CLI has no engine.
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName)
            .Configure<IConfiguration>((o, configuration) => o.ConnectionString ??= configuration.GetConnectionString("Jobs"));
        // One AuthDbContext for everything that uses it; on PostgreSQL the instances are PostgresAuthDbContext.
        services.AddSingleton<IDbContextFactory<AuthDbContext>, AuthContextFactory>();
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AuthDbContext>>().CreateDbContext());

        services.AddSingleton<IAuditLog, AuditLog>();
        services.AddSingleton<ApiKeyService>();
        services.AddScoped<UserAdministration>();
        services.AddHostedService<AuthStoreInitializer>();
        return services
            .AddIdentityCore<IdentityUser>(o =>
            {
                o.Password.RequiredLength = 8;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AuthDbContext>();
    }

    /// <summary>
    /// Adds the auth middleware (network guard, authentication, authorization) and maps <c>/signin</c>,
    /// <c>/signout</c>, <c>/setup</c> and the admin API (<c>/api/apikeys</c>, <c>/api/users</c>, <c>/api/audit</c>).
    /// Call after static files, before <c>UseAntiforgery</c> and before mapping the app's endpoints.
    /// </summary>
    public static WebApplication UseJobsAuth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(OpenNetworkGuard.RefuseNonLoopbackRequests);
        app.Use(KeepHubStatusCodes);
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapAuthEndpoints();
        app.MapAuthApi();
        return app;
    }

    /// <summary>Where the data-protection keys live: <c>keys</c> under <c>Storage:DataDirectory</c>.</summary>
    public static DirectoryInfo KeysDirectory(StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return new DirectoryInfo(Path.GetFullPath(Path.Combine(storage.DataDirectory, "keys")));
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }

    private static string SelectScheme(HttpContext context)
    {
        if (!context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.Enabled)
        {
            return LocalDevelopmentAuthenticationHandler.SchemeName;
        }

        return ApiKeyAuthenticationHandler.HasKey(context.Request)
            ? ApiKeyAuthenticationHandler.SchemeName
            : IdentityConstants.ApplicationScheme;
    }

    // A SignalR client must see the hub's own 401/403: the dashboard's not-found page would re-execute the refused
    // POST /hubs/jobs/negotiate as a page request and turn it into a 400 the client cannot act on.
    private static Task KeepHubStatusCodes(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.StartsWithSegments(JobsHub.Path) && context.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }

        return next(context);
    }

    // A browser navigating to a page goes to the sign-in page; API, hub and script calls get a status code.
    private static Task RedirectOrStatus(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        var request = context.Request;
        var isPageNavigation = HttpMethods.IsGet(request.Method)
            && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
        if (isPageNavigation && status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Redirect(context.RedirectUri);
        }
        else
        {
            context.Response.StatusCode = status;
        }

        return Task.CompletedTask;
    }
}
