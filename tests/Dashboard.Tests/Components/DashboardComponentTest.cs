using Bunit;
using Jobs.Client;
using Jobs.Dashboard.Actions;
using Jobs.Dashboard.Components.DeadLetter;
using Jobs.Dashboard.Tests.Fakes;
using Jobs.Events;
using Jobs.Handlers;
using Jobs.Model;
using Jobs.Processing;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
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
        Services.AddSingleton<JobActionPolicy>();
        Services.AddScoped<JobActionRunner>();
        Services.AddScoped<DeadLetterGroupRetrier>();
        addServices?.Invoke(Services, Time);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    protected FakeTimeProvider Time { get; } = new(Now);

    protected FakeJobQueries Queries { get; } = new();

    protected RecordingJobClient Client { get; } = new();

    protected FakeJobEventStream Events { get; } = new();

    protected FakeWorkerPoolStatus Workers { get; } = new();

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
}
