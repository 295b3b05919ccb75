using System.Net.Http.Json;
using System.Text.Json;
using Jobs.Dashboard.Api.Admin;
using Jobs.Dashboard.Tests.Fakes;
using Jobs.Model;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Dashboard.Tests.Infrastructure;

/// <summary>The real app with the test job types (<c>test.fail</c>, <c>etl</c>, <c>heatmap</c>) registered beside the product's.</summary>
public class ApiFactory : DashboardFactory
{
    /// <summary>Extra service registrations, after the app's own.</summary>
    protected virtual void ConfigureTestServices(IServiceCollection services)
    {
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            TestJobTypes.Add<FailingJob>(services, FailingJob.Name);
            TestJobTypes.Add<TestEtlJob>(services, AdminTaskRunner.Etl);
            TestJobTypes.Add<TestHeatmapJob>(services, AdminTaskRunner.Heatmap);
            ConfigureTestServices(services);
        });
    }

    /// <summary>Waits until the job has finished and returns its state.</summary>
    internal async Task<JobState> WaitFinishedAsync(long id)
    {
        var job = await Services.GetRequiredService<JobOutcomeAwaiter>().WaitAsync(id, TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        return job?.Summary.State ?? throw new InvalidOperationException($"Job {id} vanished.");
    }

    /// <summary>Creates a job through the API and returns its id.</summary>
    internal static async Task<long> CreateAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync(new Uri("/api/jobs", UriKind.Relative), body, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("id").GetInt64();
    }
}
