using Jobs.Dashboard.SampleJobs;
using Jobs.Dashboard.Tests.Fakes;

namespace Jobs.Dashboard.Tests.SampleJobs;

public sealed class NoopJobTests
{
    [Fact]
    public async Task HandleAsync_CompletesWithoutProgress_WhenRun()
    {
        var context = new FakeJobContext(TestContext.Current.CancellationToken);

        await new NoopJob().HandleAsync(new NoopArgs(), context);

        Assert.Empty(context.Reports);
    }
}
