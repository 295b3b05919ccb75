using Bunit;
using Jobs.BuiltIn.Artifacts;
using Jobs.Client;
using Jobs.Configuration;
using Jobs.Dashboard.Actions;
using Jobs.Dashboard.Auth;
using Jobs.Dashboard.Components.DeadLetter;
using Jobs.Dashboard.Tests.Infrastructure;
using Jobs.Dashboard.Tests.Fakes;
using Jobs.Events;
using Jobs.Handlers;
using Jobs.Model;
using Jobs.Processing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;

namespace Jobs.Dashboard.Tests.Components;

/// <summary>A bUnit context with the dashboard's services over in-memory fakes of the engine's seams, rendering as an interactive server circuit.</summary>
public abstract class DashboardComponentTest : BunitContext
{
    protected static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    protected DashboardComponentTest()
        : this(null)
    {
    }

    /// <summary>Also registers <paramref name="addServices"/>'s services (given the test's clock) before the first render fixes the container.</summary>
    protected DashboardComponentTest(Action<IServiceCollection, FakeTimeProvider>? addServices)
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<TimeProvider>(Time);
        Services.AddSingleton<IJobQueries>(Queries);
        Services.AddSingleton<IJobClient>(Client);
        Services.AddSingleton<IJobEventStream>(Events);
        Services.AddSingleton<IWorkerPoolStatus>(Workers);
        Services.AddSingleton(new JobTypeRegistry([
            new JobTypeDescriptor("noop", typeof(object), typeof(object), null),
            new JobTypeDescriptor(GatedJob.Name, typeof(GatedJob), typeof(GatedArgs), null),
        ]));
        // The real policies over a test user (an operator unless a test signs someone else in).
        Services.AddSingleton<AuthenticationStateProvider>(Authentication);
        Services.AddAuthorizationBuilder().AddJobsPolicies();
        // bUnit registers placeholders that refuse to answer; the app's own services take their place.
        Services.Replace(ServiceDescriptor.Transient<IAuthorizationService, DefaultAuthorizationService>());
        Services.Replace(ServiceDescriptor.Transient<IAuthorizationPolicyProvider, DefaultAuthorizationPolicyProvider>());
        Services.AddSingleton<IAuditLog>(Audit);
        Services.AddScoped<JobActionPolicy>();
        Services.AddScoped<JobActionRunner>();
        Services.AddScoped<DeadLetterGroupRetrier>();
        Services.AddSingleton(new ArtifactStore(Options.Create(new StorageOptions { DataDirectory = DataDirectory.Path })));
        Services.AddSingleton<Jobs.Metrics.IMetricsQueries>(MetricsQueries);
        Services.AddSingleton<Jobs.Metrics.IProcessMetrics>(ProcessMetrics);
        Services.AddSingleton<Jobs.Series.ISeriesStore>(SeriesStore);
        Services.AddSingleton<Jobs.Anomalies.IAnomalyStore>(AnomalyStore);
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new Jobs.Anomalies.AnomalyDetectionOptions()));
        addServices?.Invoke(Services, Time);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    protected FakeTimeProvider Time { get; } = new(Now);

    /// <summary>A data folder of this test's own, for artifacts.</summary>
    private protected TempDirectory DataDirectory { get; } = new("jobs-components");

    protected FakeJobQueries Queries { get; } = new();

    protected RecordingJobClient Client { get; } = new();

    protected FakeJobEventStream Events { get; } = new();

    protected FakeWorkerPoolStatus Workers { get; } = new();

    protected FakeMetricsQueries MetricsQueries { get; } = new();

    protected FakeProcessMetrics ProcessMetrics { get; } = new();

    protected FakeSeriesStore SeriesStore { get; } = new();

    protected FakeAnomalyStore AnomalyStore { get; } = new();
    internal TestAuthenticationStateProvider Authentication { get; } = new();

    internal RecordingAuditLog Audit => _audit ??= new RecordingAuditLog(Time);

    private RecordingAuditLog? _audit;

    /// <summary>Renders the providers dialogs and snackbars need, as the layout does.</summary>
    protected IRenderedComponent<MudDialogProvider> RenderDialogs()
    {
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();
        return Render<MudDialogProvider>();
    }

    /// <summary>Adds a job in <paramref name="state"/> to the store.</summary>
    protected JobSummary AddJob(long id, JobState state, string type = "noop", JobProgress? progress = null, string? error = null)
    {
        var job = new JobSummary
        {
            Id = id,
            Type = type,
            Queue = "default",
            Priority = JobPriority.Normal,
            State = state,
            // Ids grow with creation time, as in the store.
            CreatedAt = Now.AddSeconds(id - 100),
            StartedAt = state is JobState.Processing or JobState.Succeeded or JobState.DeadLettered ? Now.AddMinutes(-1) : null,
            FinishedAt = state.IsFinal() ? Now.AddSeconds(-10) : null,
            Attempt = 1,
            MaxRetries = 3,
            Progress = progress,
            LastErrorType = error is null ? null : "System.InvalidOperationException",
            LastErrorMessage = error,
        };
        Queries.Jobs.Add(job);
        return job;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            DataDirectory.Dispose();
        }
    }
}
