using Jobs.Benchmarks.Infrastructure;

namespace Jobs.Benchmarks.Scenarios;

/// <summary>One benchmark scenario: reads its options when constructed, then runs every system and reports.</summary>
internal interface IScenario
{
    Task RunAsync(Report report, CancellationToken cancellationToken);
}
