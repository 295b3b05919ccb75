using System.Globalization;
using System.Net;
using Jobs.Client;
using Jobs.Dashboard.Tests.Infrastructure;
using Jobs.Events;
using Jobs.Model;
using Microsoft.Extensions.DependencyInjection;
using static Jobs.Dashboard.Tests.Cli.CliRunner;

namespace Jobs.Dashboard.Tests.Cli;

/// <summary>The <c>schedules</c> verbs against the data directory of a running server: the server's Quartz fires what the CLI wrote.</summary>
public sealed class SchedulesCliWithServerTests(ApiFactory server) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<CliResult> Run(params string[] args) => RunAsync(server.DataDirectory, args);

    /// <summary>Completes with the first succeeded job that the named schedule enqueued, as the server's event stream reports it.</summary>
    private (TaskCompletionSource<JobDetails> Fired, IDisposable Subscription) WatchRuns(string schedule)
    {
        var queries = server.Services.GetRequiredService<IJobQueries>();
        var fired = new TaskCompletionSource<JobDetails>(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = server.Services.GetRequiredService<IJobEventStream>().Subscribe(async batch =>
        {
            foreach (var e in batch.Events.Where(e => e.State == JobState.Succeeded))
            {
                if (await queries.GetAsync(e.JobId, CancellationToken.None) is { } job
                    && job.Metadata.TryGetValue("schedule", out var name) && name == schedule)
                {
                    fired.TrySetResult(job);
                }
            }
        });
        return (fired, subscription);
    }

    [Fact]
    public async Task Add_IsFiredByTheRunningServer_AtItsTime()
    {
        var name = "cli-once-" + Guid.NewGuid().ToString("N")[..8];
        var (fired, subscription) = WatchRuns(name);
        using var _ = subscription;
        // Far enough ahead to survive the CLI's own start on a loaded machine, near enough to keep the test short.
        var at = TimeProvider.System.GetUtcNow().AddSeconds(4);
        at = new DateTimeOffset(at.Ticks - (at.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

        var add = await Run("schedules", "add", "--name", name, "--job-type", "noop", "--at", at.ToString("O", CultureInfo.InvariantCulture));
        Assert.True(add.ExitCode == 0, add.ToString());

        var job = await fired.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.Contains($"schedule:{name}", job.Summary.Tags);
        var fireTime = DateTimeOffset.Parse(job.Metadata["scheduleFireTime"], CultureInfo.InvariantCulture);
        Assert.Equal(at, fireTime);
        // The server's Quartz re-reads the store every second: the run is enqueued promptly after its time
        // (a second promised, tripled for a loaded machine), not after Quartz's default 30-second idle wait.
        var lateBy = job.Summary.CreatedAt - at;
        Assert.True(lateBy < TimeSpan.FromSeconds(3), $"enqueued {lateBy} after its fire time");
    }

    [Fact]
    public async Task Resume_LetsTheRunningServerFireAScheduleThatThePauseHeldBack()
    {
        var name = "cli-every-" + Guid.NewGuid().ToString("N")[..8];
        var add = await Run("schedules", "add", "--name", name, "--job-type", "noop", "--every", "2s", "--misfire", "skip");
        Assert.True(add.ExitCode == 0, add.ToString());
        var pause = await Run("schedules", "pause", name, "--json");
        Assert.True(pause.ExitCode == 0, pause.ToString());
        Assert.True(pause.Json().GetProperty("paused").GetBoolean());
        using var client = server.CreateClient();
        using (var seen = await client.GetAsync(new Uri($"/api/schedules/{name}", UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, seen.StatusCode);
            Assert.Contains("\"paused\":true", await seen.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        var (fired, subscription) = WatchRuns(name);
        using var _ = subscription;
        var resume = await Run("schedules", "resume", name);
        Assert.True(resume.ExitCode == 0, resume.ToString());

        var job = await fired.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.Contains($"schedule:{name}", job.Summary.Tags);
        var remove = await Run("schedules", "remove", name);
        Assert.True(remove.ExitCode == 0, remove.ToString());
    }

    [Fact]
    public async Task Trigger_EnqueuesARunThatTheRunningServerExecutes()
    {
        var name = "cli-trigger-" + Guid.NewGuid().ToString("N")[..8];
        var add = await Run("schedules", "add", "--name", name, "--job-type", "noop", "--cron", "0 0 1 1 *");
        Assert.True(add.ExitCode == 0, add.ToString());

        var trigger = await Run("schedules", "trigger", name);
        Assert.True(trigger.ExitCode == 0, trigger.ToString());
        var id = long.Parse(trigger.Out.Trim(), CultureInfo.InvariantCulture);

        Assert.Equal(JobState.Succeeded, await server.WaitFinishedAsync(id));
        var runs = await Run("schedules", "runs", name, "--json");
        var run = Assert.Single(runs.Json().GetProperty("items").EnumerateArray());
        Assert.Equal(id, run.GetProperty("jobId").GetInt64());
        Assert.Equal("succeeded", run.GetProperty("state").GetString());
        Assert.True(run.GetProperty("finished").GetBoolean());
        Assert.True(run.TryGetProperty("duration", out _), run.ToString());
    }
}
