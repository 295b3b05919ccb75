using Jobs.Handlers;

namespace Jobs.Scheduling.Tests.Fakes;

/// <summary>Arguments of the test job type.</summary>
public sealed record TestArgs(int? Level = null);

/// <summary>A job type that does nothing: schedules need a registered type to enqueue.</summary>
internal sealed class TestJob : IJobHandler<TestArgs>
{
    public const string Name = "test-job";

    public Task HandleAsync(TestArgs args, IJobContext context) => Task.CompletedTask;
}

/// <summary>Lets a test hold a running job until it says so, and know when the job started.</summary>
internal sealed class JobGate
{
    public TaskCompletionSource<long> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>A job type that runs until the test releases its gate.</summary>
internal sealed class BlockingJob(JobGate gate) : IJobHandler<TestArgs>
{
    public const string Name = "blocking-job";

    public async Task HandleAsync(TestArgs args, IJobContext context)
    {
        gate.Started.TrySetResult(context.JobId);
        await gate.Release.Task.WaitAsync(context.CancellationToken);
    }
}

/// <summary>Stands for the built-in job types behind the default schedules (<c>etl</c>, <c>heatmap</c>, <c>data_refresh</c>), which this test project does not reference.</summary>
internal sealed class BuiltInStandInJob : IJobHandler<System.Text.Json.JsonElement>
{
    public static readonly string[] Names = ["etl", "heatmap", "data_refresh"];

    public Task HandleAsync(System.Text.Json.JsonElement args, IJobContext context) => Task.CompletedTask;
}
