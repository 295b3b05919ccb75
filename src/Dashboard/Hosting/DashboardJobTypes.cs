using Jobs.BuiltIn;
using Jobs.Dashboard.SampleJobs;
using Jobs.Handlers;

namespace Jobs.Dashboard.Hosting;

/// <summary>The job types this product registers, in one place for the server and the CLI.</summary>
/// <remarks>
/// The CLI validates <c>jobs enqueue</c> against the same registry the server runs, so a job type added here is
/// enqueueable from both; one registered only in the server's start-up would be refused by the CLI.
/// </remarks>
internal static class DashboardJobTypes
{
    /// <summary>Registers the product's job types on the engine.</summary>
    public static JobEngineBuilder AddDashboardJobTypes(this JobEngineBuilder engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return engine
            .AddHandler<NoopJob>(NoopJob.Name)
            .AddHandler<DemoCountJob>(DemoCountJob.Name)
            .AddBuiltInJobs();
    }
}
