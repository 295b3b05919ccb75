using Jobs.Client;
using Jobs.Model;
using Jobs.Tests.Fakes;

namespace Jobs.Tests.Client;

public sealed class BadInputTests
{
    public static TheoryData<string, JobRequest> Invalid => new()
    {
        { "type", new JobRequest { Type = "no-such-type" } },
        { "args", new JobRequest { Type = "record", Arguments = "{\"name\": " } },
        { "args", new JobRequest { Type = "record", Arguments = "{\"name\": 42}" } },
        { "delay", new JobRequest { Type = "record", Delay = TimeSpan.FromSeconds(-1) } },
        { "maxRetries", new JobRequest { Type = "record", MaxRetries = -1 } },
        { "queue", new JobRequest { Type = "record", Queue = "bad queue!" } },
        { "timeout", new JobRequest { Type = "record", Timeout = TimeSpan.Zero } },
        { "dependsOn[0]", new JobRequest { Type = "record", DependsOn = [JobDependency.OnBatchJob("missing")] } },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task Enqueue_Throws_WithTheField_AndWritesNothing(string field, JobRequest request)
    {
        await using var engine = await TestEngine.StartAsync();
        var error = await Assert.ThrowsAsync<JobValidationException>(() => engine.Client.EnqueueAsync(request, TestContext.Current.CancellationToken));
        Assert.True(error.Errors.ContainsKey(field), $"Expected an error for '{field}', got: {error.Message}");
        Assert.All((await engine.Queries.CountByStateAsync(TestContext.Current.CancellationToken)).Values, c => Assert.Equal(0, c));
    }

    [Fact]
    public async Task Enqueue_Throws_WhenADependencyNamesNoStoredJob_AndWritesNothing()
    {
        await using var engine = await TestEngine.StartAsync();
        var error = await Assert.ThrowsAsync<JobValidationException>(() => engine.Client.EnqueueBatchAsync(
            [new JobRequest { Type = "record" }, new JobRequest { Type = "record", DependsOn = [JobDependency.On(424242)] }],
            TestContext.Current.CancellationToken));
        Assert.Contains("424242", error.Message, StringComparison.Ordinal);
        Assert.All((await engine.Queries.CountByStateAsync(TestContext.Current.CancellationToken)).Values, c => Assert.Equal(0, c));
    }

    [Fact]
    public async Task Enqueue_Throws_WhenArgumentsExceedTheLimit()
    {
        await using var engine = await TestEngine.StartAsync(new() { ["JobEngine:MaxArgumentsBytes"] = "64" });
        var error = await Assert.ThrowsAsync<JobValidationException>(() => engine.EnqueueAsync("record", new NameArgs(new string('x', 100))));
        Assert.Contains("JobEngine:MaxArgumentsBytes", error.Errors["args"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_Fails_WithTheKey_WhenConfigurationIsInvalid()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => TestEngine.StartAsync(new() { ["JobEngine:Workers"] = "0", ["JobEngine:LeaseDuration"] = "00:00:00.1" }));
        Assert.Contains("JobEngine:Workers", error.Message, StringComparison.Ordinal);
        Assert.Contains("JobEngine:LeaseDuration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_Fails_NamingThePath_WhenTheDataDirectoryIsNotWritable()
    {
        var file = Path.GetTempFileName();
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestEngine.StartAsync(directory: Path.Combine(file, "data")));
            Assert.Contains(file, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
