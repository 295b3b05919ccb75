using Jobs.Dashboard.Api.Admin;
using Jobs.Dashboard.Api.Anomalies;
using Jobs.Dashboard.Api.Contracts;
using Jobs.Dashboard.Api.DeadLetter;
using Jobs.Dashboard.Api.Jobs;
using Jobs.Dashboard.Api.JobTypes;
using Jobs.Dashboard.Api.Metrics;
using Jobs.Dashboard.Api.Pipelines;
using Jobs.Dashboard.Api.Nodes;
using Jobs.Dashboard.Api.Problems;
using Jobs.Dashboard.Api.Schedules;
using Jobs.Dashboard.Api.Series;
using Scalar.AspNetCore;

namespace Jobs.Dashboard.Api;

/// <summary>The REST API's registration and mapping: <c>builder.AddJobsApi()</c>, then <c>app.MapJobsApi()</c>.</summary>
internal static class ApiExtensions
{
    /// <summary>The OpenAPI document's name; it is served at <c>/openapi/v1.json</c>.</summary>
    public const string OpenApiDocument = "v1";

    /// <summary>Adds problem details, the API's JSON conventions, OpenAPI, the authorization policies and the admin trigger.</summary>
    public static WebApplicationBuilder AddJobsApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddProblemDetails();
        services.AddExceptionHandler<JobValidationExceptionHandler>();
        services.ConfigureHttpJsonOptions(o => ApiJson.Apply(o.SerializerOptions));
        services.AddOpenApi(OpenApiDocument);
        services.AddApiPolicies();

        services.AddSingleton<JsonBody>();
        services.AddSingleton<JobTypeCatalog>();
        services.AddSingleton<JobOutcomeAwaiter>();
        services.AddScoped<AdminTaskRunner>();
        services.AddOptions<AdminTriggerOptions>()
            .BindConfiguration(AdminTriggerOptions.SectionName)
            .Configure<IConfiguration>((options, configuration) =>
            {
                // The seed's variable names win over the section, as they did in the seed's deployment.
                if (configuration[AdminTriggerOptions.ApiKeyVariable] is { Length: > 0 } key)
                {
                    options.ApiKey = key;
                }

                if (configuration[AdminTriggerOptions.HeatmapLevelsVariable] is { Length: > 0 } levels)
                {
                    options.HeatmapLevels = levels;
                }
            });
        return builder;
    }

    /// <summary>Adds the error middleware and maps <c>/api/*</c>, <c>/admin/run-jobs</c>, <c>/openapi/v1.json</c> and, in Development, Scalar at <c>/scalar</c>.</summary>
    public static WebApplication MapJobsApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Unhandled exceptions and bare status codes (unknown route, 405, 401/403) under the API's paths become problem
        // details too; elsewhere a bare status is the dashboard's to show (its not-found page).
        app.UseExceptionHandler();
        app.UseWhen(IsApiRequest, api => api.UseStatusCodePages());

        app.MapOpenApi();
        if (app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference();
        }

        var api = app.MapGroup("/api");
        api.MapJobs();
        api.MapDeadLetter();
        api.MapMetrics();
        api.MapSeries();
        api.MapAnomalies();
        api.MapJobTypes();
        api.MapSchedules();
        api.MapPipelines();
        api.MapNodes();

        app.MapAdminTrigger();
        return app;
    }

    /// <summary>Whether a request is for the API (JSON answers), not for a page.</summary>
    public static bool IsApiRequest(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/admin/run-jobs") || context.Request.Path.StartsWithSegments("/openapi");
}
