using Jobs.Handlers;

namespace Jobs.Dashboard.SampleJobs;

/// <summary>The arguments of <see cref="NoopJob"/>: none.</summary>
internal sealed record NoopArgs;

/// <summary>A job that does nothing: for trying the engine out and for measuring its overhead.</summary>
internal sealed class NoopJob : IJobHandler<NoopArgs>
{
    /// <summary>The registered type name.</summary>
    public const string Name = "noop";

    /// <inheritdoc />
    public Task HandleAsync(NoopArgs args, IJobContext context) => Task.CompletedTask;
}
