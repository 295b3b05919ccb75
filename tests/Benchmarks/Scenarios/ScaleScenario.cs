using Jobs.Benchmarks.Infrastructure;

namespace Jobs.Benchmarks.Scenarios;

internal sealed class ScaleScenario(BenchArgs args) : IScenario
{
    private readonly int _jobs = args.Int("jobs", 1000);

    public Task RunAsync(Report report, CancellationToken cancellationToken) => Task.FromResult(_jobs);
}
