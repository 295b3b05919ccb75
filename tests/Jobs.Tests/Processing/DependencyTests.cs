using Jobs.Model;
using Jobs.Tests.Fakes;

namespace Jobs.Tests.Processing;

/// <summary>Part of the store suite: runs on every store (see <see cref="StoreBackend"/>).</summary>
public abstract class DependencyTests(StoreBackend store)
{
    [Theory]
    [InlineData(DependencyCondition.OnSuccess, true, JobState.Succeeded)]
    [InlineData(DependencyCondition.OnSuccess, false, JobState.Cancelled)]
    [InlineData(DependencyCondition.OnFailure, false, JobState.Succeeded)]
    [InlineData(DependencyCondition.OnFailure, true, JobState.Cancelled)]
    [InlineData(DependencyCondition.OnCompletion, true, JobState.Succeeded)]
    [InlineData(DependencyCondition.OnCompletion, false, JobState.Succeeded)]
    public async Task Child_RunsOrIsCancelled_ByHowItsParentEnded(DependencyCondition condition, bool parentSucceeds, JobState expected)
    {
        await using var engine = await TestEngine.StartOnAsync(store);
        var parent = parentSucceeds
            ? await engine.EnqueueAsync("gate", new GateArgs("parent"))
            : await engine.EnqueueAsync("throw", new ThrowArgs("argument"), r => r with { Tags = ["parent"] });
        var child = await engine.EnqueueAsync("record", new NameArgs("child"), r => r with { DependsOn = [JobDependency.On(parent.JobId, condition)] });
        if (parentSucceeds)
        {
            Assert.Equal(JobState.AwaitingDependencies, child.State);
            engine.Probe.Gate("parent").TrySetResult();
        }

        var done = await engine.WaitForStateAsync(child.JobId, expected);
        Assert.Equal(expected == JobState.Succeeded, engine.Probe.Runs.Contains("child"));
        if (expected == JobState.Cancelled)
        {
            Assert.Contains("can never be met", done.Summary.Reason, StringComparison.Ordinal);
        }

        var parentDetails = await engine.Queries.GetAsync(parent.JobId, TestContext.Current.CancellationToken);
        Assert.Equal(child.JobId, Assert.Single(parentDetails!.Dependents).JobId);
        Assert.Equal(parent.JobId, Assert.Single(done.DependsOn).JobId);
    }

    [Fact]
    public async Task Batch_RunsAGraphInDependencyOrder_AndCascadesCancellation()
    {
        await using var engine = await TestEngine.StartOnAsync(store);
        var results = await engine.Client.EnqueueBatchAsync(
        [
            new JobRequest { Type = "record", Arguments = """{"name":"load"}""", BatchKey = "load", DependsOn = [JobDependency.OnBatchJob("extract")] },
            new JobRequest { Type = "throw", Arguments = """{"kind":"argument"}""", BatchKey = "extract" },
            new JobRequest { Type = "record", Arguments = """{"name":"report"}""", BatchKey = "report", DependsOn = [JobDependency.OnBatchJob("load")] },
            new JobRequest { Type = "record", Arguments = """{"name":"alert"}""", DependsOn = [JobDependency.OnBatchJob("extract", DependencyCondition.OnFailure)] },
        ], TestContext.Current.CancellationToken);

        await engine.WaitForStateAsync(results[3].JobId, JobState.Succeeded);
        await engine.WaitForStateAsync(results[0].JobId, JobState.Cancelled);
        await engine.WaitForStateAsync(results[2].JobId, JobState.Cancelled);
        Assert.Equal(["argument", "alert"], engine.Probe.Runs);
    }

    [Fact]
    public async Task Batch_IsRefused_WhenDependenciesFormACycle()
    {
        await using var engine = await TestEngine.StartOnAsync(store);
        var error = await Assert.ThrowsAsync<Jobs.Client.JobValidationException>(() => engine.Client.EnqueueBatchAsync(
        [
            new JobRequest { Type = "record", BatchKey = "a", DependsOn = [JobDependency.OnBatchJob("b")] },
            new JobRequest { Type = "record", BatchKey = "b", DependsOn = [JobDependency.OnBatchJob("a")] },
            new JobRequest { Type = "record", BatchKey = "c" },
        ], TestContext.Current.CancellationToken));
        Assert.Contains("cycle", error.Errors["dependsOn"][0], StringComparison.Ordinal);
        Assert.All((await engine.Queries.CountByStateAsync(TestContext.Current.CancellationToken)).Values, c => Assert.Equal(0, c));
    }
}

public sealed class DependencyTestsOnSqlite() : DependencyTests(StoreBackend.Sqlite);

public sealed class DependencyTestsOnPostgres() : DependencyTests(StoreBackend.Postgres);
