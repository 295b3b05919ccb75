using Jobs.Dashboard.Actions;
using Jobs.Dashboard.Auth;
using Jobs.Dashboard.SampleJobs;
using Jobs.Dashboard.Tests.Infrastructure;
using Jobs.Handlers;
using Jobs.Scheduling;
using Jobs.Scheduling.Services;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Jobs.Dashboard.Tests.Components.Schedules;

/// <summary>A component test whose schedule service is the real one: engine and Quartz on SQLite files in a temp folder, on the test's fake clock.</summary>
/// <remarks>
/// The schedule service is the only judge of a definition, so the editor's messages are tested against it, not a stand-in.
/// Its host starts (the store is migrated) but no worker runs and Quartz does not fire: fire times are computed, not waited for.
/// </remarks>
// One at a time: Quartz keeps its schedulers in a process-wide repository by name, and every host here names its one alike.
[Collection(nameof(ScheduleComponentTest))]
public abstract class ScheduleComponentTest : DashboardComponentTest, IAsyncLifetime
{
    private readonly SchedulingHost _scheduling;
    private bool _disposed;

    protected ScheduleComponentTest()
        : this(new SchedulingHost())
    {
    }

    private ScheduleComponentTest(SchedulingHost scheduling)
        : base(scheduling.Register)
    {
        _scheduling = scheduling;
        // Schedule edits need the admin role (trigger needs operator); tests of other roles sign in as those.
        Authentication.SignIn("ada", JobsRoles.Admin);
    }

    /// <summary>The real schedule service the components use.</summary>
    protected IScheduleService Schedules => _scheduling.Schedules;

    /// <summary>Starts the host: migrates the store and provisions Quartz's schema.</summary>
    public async ValueTask InitializeAsync() => await _scheduling.Host.StartAsync(TestContext.Current.CancellationToken);

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        if (!_disposed)
        {
            _disposed = true;
            await _scheduling.DisposeAsync();
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && !_disposed)
        {
            _disposed = true;
            _scheduling.Dispose();
        }
    }

    /// <summary>The engine + scheduler host, built when the component services are registered (it needs the test's clock).</summary>
    private sealed class SchedulingHost : IDisposable, IAsyncDisposable
    {
        private readonly TempDirectory _data = new("schedule-components");

        public IHost Host { get; private set; } = default!;

        public IScheduleService Schedules { get; private set; } = default!;

        public void Register(IServiceCollection services, FakeTimeProvider time)
        {
            var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:DataDirectory"] = _data.Path,
                ["JobEngine:RunWorkers"] = "false",
                ["Scheduling:Defaults:Enabled"] = "false",
                ["Scheduling:RunScheduler"] = "false",
            });
            builder.Services.AddSingleton<TimeProvider>(time);
            builder.AddJobEngine().AddHandler<NoopJob>(NoopJob.Name);
            builder.AddScheduling();
            Host = builder.Build();
            Schedules = Host.Services.GetRequiredService<IScheduleService>();

            services.AddSingleton(Schedules);
            services.AddSingleton(Host.Services.GetRequiredService<JobTypeRegistry>());
            services.AddSingleton<ScheduleActionPolicy>();
            services.AddScoped<ScheduleActionRunner>();
        }

        public void Dispose()
        {
            Host?.Dispose();
            _data.Dispose();
        }

        /// <summary>Stops the host (and with it Quartz, whose threads would otherwise keep the test process alive).</summary>
        public async ValueTask DisposeAsync()
        {
            if (Host is not null)
            {
                // Stopping shuts this host's Quartz scheduler down.
                await Host.StopAsync(CancellationToken.None);
            }

            Dispose();
        }
    }
}
