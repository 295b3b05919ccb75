using Jobs.Model;
using Jobs.Tests.Fakes;

namespace Jobs.Tests.Processing;

public sealed class SmokeTests
{
    [Fact]
    public async Task Enqueue_RunsJobToSucceeded_WithResultAndHistory()
    {
        await using var engine = await TestEngine.StartAsync();
        var result = await engine.EnqueueAsync("record", new NameArgs("a"));
        var job = await engine.WaitForStateAsync(result.JobId, JobState.Succeeded);
        Assert.Equal("\"done:a\"", job.Result);
        Assert.Equal([JobState.Enqueued, JobState.Processing, JobState.Succeeded], job.History.Select(h => h.State));
        Assert.Single(job.Attempts);
    }
}
