using System.Net;
using System.Text.Json;
using Jobs.Client;
using Jobs.Dashboard.Tests.Infrastructure;
using Jobs.Events;
using Jobs.Model;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Dashboard.Tests.Api;

/// <summary>A report job's artifact, listed and served by the host's artifact endpoints.</summary>
public sealed class ArtifactEndpointsTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task Artifacts_AreListedViewableAndDownloadable_AndNothingElseIs()
    {
        var ct = TestContext.Current.CancellationToken;
        var jobs = factory.Services.GetRequiredService<IJobClient>();
        var events = factory.Services.GetRequiredService<IJobEventStream>();
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        long id = 0;
        using var subscription = events.Subscribe(batch =>
        {
            if (batch.Events.Any(e => e.JobId == Volatile.Read(ref id) && e.State.IsFinal()))
            {
                done.TrySetResult(id);
            }

            return Task.CompletedTask;
        });
        var job = await jobs.EnqueueAsync(new JobRequest
        {
            Type = "report_generation",
            Arguments = """{"input":{"rows":[{"day":"mon","n":3},{"day":"tue","n":5}]},"title":"Week","chart":{"type":"line","x":"day","y":"n"}}""",
        }, ct);
        Volatile.Write(ref id, job.JobId);
        var queries = factory.Services.GetRequiredService<IJobQueries>();
        if ((await queries.GetAsync(job.JobId, ct))?.Summary.State.IsFinal() != true)
        {
            await done.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        }

        using var client = factory.CreateClient();
        using var list = JsonDocument.Parse(await client.GetStringAsync(new Uri($"/api/jobs/{job.JobId}/artifacts", UriKind.Relative), ct));
        var entry = Assert.Single(list.RootElement.EnumerateArray());
        Assert.Equal("report.html", entry.GetProperty("name").GetString());
        Assert.Equal($"artifacts/{job.JobId}/report.html", entry.GetProperty("path").GetString());

        using var view = await client.GetAsync(new Uri($"/api/jobs/{job.JobId}/artifacts/report.html", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, view.StatusCode);
        Assert.Equal("text/html", view.Content.Headers.ContentType?.MediaType);
        Assert.Null(view.Content.Headers.ContentDisposition);
        Assert.Contains("<h1>Week</h1>", await view.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        using var download = await client.GetAsync(new Uri($"/api/jobs/{job.JobId}/artifacts/report.html?download=true", UriKind.Relative), ct);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);

        using var missing = await client.GetAsync(new Uri($"/api/jobs/{job.JobId}/artifacts/other.html", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        using var escape = await client.GetAsync(new Uri($"/api/jobs/{job.JobId}/artifacts/..%2F..%2Fjobs.db", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.NotFound, escape.StatusCode);
    }
}
