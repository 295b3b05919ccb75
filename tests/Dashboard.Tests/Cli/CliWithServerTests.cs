using System.Diagnostics;
using System.Globalization;
using Jobs.Dashboard.Tests.Fakes;
using Jobs.Dashboard.Tests.Infrastructure;
using Jobs.Events;
using Jobs.Model;
using Microsoft.Extensions.DependencyInjection;
using static Jobs.Dashboard.Tests.Cli.CliRunner;

namespace Jobs.Dashboard.Tests.Cli;

/// <summary>The CLI against the data directory of a running server: the server sees the CLI's writes, and the CLI sees the server's.</summary>
public sealed class CliWithServerTests(ApiFactory server) : IClassFixture<ApiFactory>
{
    private Task<CliResult> Run(params string[] args) => RunAsync(server.DataDirectory, args);

    private async Task<long> DeadLetteredAsync()
    {
        using var client = server.CreateClient();
        var id = await ApiFactory.CreateAsync(client, new { type = FailingJob.Name, args = new { message = "bad row" } });
        Assert.Equal(JobState.DeadLettered, await server.WaitFinishedAsync(id));
        return id;
    }

    [Fact]
    public async Task Enqueue_IsPickedUpByTheRunningServerWithinASecond()
    {
        using var client = server.CreateClient();
        var events = server.Services.GetRequiredService<IJobEventStream>();
        var succeeded = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var tag = "cli-" + Guid.NewGuid().ToString("N");
        using var subscription = events.Subscribe(batch =>
        {
            foreach (var e in batch.Events.Where(e => e.Type == "noop" && e.State == JobState.Succeeded))
            {
                succeeded.TrySetResult(e.JobId);
            }

            return Task.CompletedTask;
        });

        var result = await Run("jobs", "enqueue", "noop", "--tag", tag);
        var written = Stopwatch.StartNew();
        Assert.True(result.ExitCode == 0, result.ToString());
        var id = long.Parse(result.Out.Trim(), CultureInfo.InvariantCulture);

        // The server polls SQLite's data_version every 250 ms; a second is the promise, tripled for a loaded machine.
        var ran = await succeeded.Task.WaitAsync(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        written.Stop();

        Assert.Equal(id, ran);
        Assert.True(written.Elapsed < TimeSpan.FromSeconds(3), $"picked up after {written.Elapsed}");
    }

    [Fact]
    public async Task Cancel_StopsAJobRunningInTheServer()
    {
        var events = server.Services.GetRequiredService<IJobEventStream>();
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var client = server.CreateClient();
        var id = await ApiFactory.CreateAsync(client, new { type = "demo.count", args = new { steps = 100_000, delayMs = 10 } });
        using (events.Subscribe(batch =>
        {
            if (batch.Events.Any(e => e.State == JobState.Processing))
            {
                running.TrySetResult();
            }

            return Task.CompletedTask;
        }, id))
        {
            var job = await server.Services.GetRequiredService<Jobs.Client.IJobQueries>().GetAsync(id, TestContext.Current.CancellationToken);
            if (job?.Summary.State == JobState.Processing)
            {
                running.TrySetResult();
            }

            await running.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        }

        var cancel = await Run("jobs", "cancel", id.ToString(CultureInfo.InvariantCulture), "--reason", "stopped from the CLI");

        Assert.True(cancel.ExitCode == 0, cancel.ToString());
        Assert.Equal(JobState.Cancelled, await server.WaitFinishedAsync(id));
    }

    [Fact]
    public async Task Dlq_ListRetryPurge_WorkOnTheServersDeadLetterQueue()
    {
        var a = await DeadLetteredAsync();
        var b = await DeadLetteredAsync();

        var list = await Run("dlq", "list", "--json");
        var text = await Run("dlq", "list");
        Assert.True(list.ExitCode == 0, list.ToString());
        var ids = list.Json().GetProperty("items").EnumerateArray().Select(j => j.GetProperty("id").GetInt64()).ToList();
        Assert.Contains(a, ids);
        Assert.Contains(b, ids);
        Assert.Contains(FailingJob.Name, text.Out, StringComparison.Ordinal);
        Assert.Contains("bad row", text.Out, StringComparison.Ordinal);

        var retry = await Run("dlq", "retry", a.ToString(CultureInfo.InvariantCulture), "--json");
        Assert.True(retry.ExitCode == 0, retry.ToString());
        Assert.Equal(1, retry.Json().GetProperty("count").GetInt32());
        // The server runs the requeued job again (it fails again, permanently).
        Assert.Equal(JobState.DeadLettered, await server.WaitFinishedAsync(a));
        using var client = server.CreateClient();
        using var again = await client.GetAsync(new Uri($"/api/jobs/{a}", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Contains("\"number\":2", await again.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);

        var keep = await Run("dlq", "purge", "--older-than", "7d");
        Assert.True(keep.ExitCode == 0, keep.ToString());
        Assert.Contains("Purged 0", keep.Out, StringComparison.Ordinal);

        var purge = await Run("dlq", "purge", "--json");
        Assert.True(purge.Json().GetProperty("count").GetInt32() >= 2);
        var empty = await Run("dlq", "list");
        Assert.Contains("empty", empty.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DlqRetryAll_RequeuesEveryDeadLetteredJob()
    {
        var a = await DeadLetteredAsync();

        var all = await Run("dlq", "retry", "--all", "--json");

        Assert.True(all.ExitCode == 0, all.ToString());
        Assert.True(all.Json().GetProperty("count").GetInt32() >= 1);
        Assert.Equal(JobState.DeadLettered, await server.WaitFinishedAsync(a));
    }

    [Theory]
    [InlineData("dlq retry", "Give job ids or --all")]
    [InlineData("dlq retry 1 --all", "Give job ids or --all")]
    [InlineData("dlq retry x", "x")]
    [InlineData("dlq purge --older-than aweek", "'aweek' is not a duration for --older-than")]
    [InlineData("dlq list --limit 900", "--limit must be from 1 to 500")]
    public async Task Dlq_Exits2WithOneLineReason_WhenUsageIsBad(string args, string reason)
    {
        var result = await Run(args.Split(' '));

        Assert.Contains(reason, AssertUsageError(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DlqRetry_Exits1_WhenAnIdIsNotDeadLettered()
    {
        var result = await Run("dlq", "retry", "987654");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not dead-lettered", result.Err, StringComparison.Ordinal);
    }
}
