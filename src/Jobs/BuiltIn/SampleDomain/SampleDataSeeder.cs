using System.Globalization;
using Jobs.Client;
using Jobs.Configuration;
using Jobs.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jobs.BuiltIn.SampleDomain;

/// <summary>At the first start, puts the sample data into the inbox and enqueues a full <c>data_refresh</c>, so a newcomer sees real jobs within a minute.</summary>
/// <remarks>
/// Runs once per data directory (a marker file records it). Copies the files of <c>sample-data/</c> and writes a
/// generated file of the last <see cref="SampleDataOptions.GeneratedDays"/> days. Turned off by
/// <c>BuiltInJobs:SampleData:Enabled=false</c>. Runs in <see cref="StartAsync"/>, after the engine's host has started.
/// </remarks>
internal sealed class SampleDataSeeder(
    IOptions<BuiltInJobsOptions> options,
    IOptions<JobEngineOptions> engine,
    SampleDomainPaths paths,
    SampleDomainSchema schema,
    IJobClient jobs,
    TimeProvider time,
    ILogger<SampleDataSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var sample = options.Value.SampleData;
        // A process that runs no workers (the CLI) leaves the first start to the server.
        if (!sample.Enabled || !engine.Value.RunWorkers || File.Exists(paths.SeededMarker))
        {
            return;
        }

        await schema.EnsureAsync(cancellationToken);
        var copied = 0;
        var source = Path.GetFullPath(sample.Directory);
        if (Directory.Exists(source))
        {
            foreach (var file in Directory.EnumerateFiles(source).Where(EventFileParser.IsSupported).Order(StringComparer.Ordinal))
            {
                File.Copy(file, Path.Combine(paths.Inbox, Path.GetFileName(file)), overwrite: true);
                copied++;
            }
        }
        else
        {
            logger.LogWarning("No sample data folder at {SampleData}; only generated events are seeded", source);
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (sample.GeneratedDays > 0)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"generated-{today:yyyy-MM-dd}.csv");
            var target = Path.Combine(paths.Inbox, name);
            await File.WriteAllTextAsync(target + ".part", SampleEventGenerator.Generate(today, sample.GeneratedDays), cancellationToken);
            File.Move(target + ".part", target, overwrite: true);
        }

        var job = await jobs.EnqueueAsync(new JobRequest
        {
            Type = DataRefreshJob.TypeName,
            Arguments = """{"mode":"full"}""",
            UniqueKey = "sample-data:first-refresh",
            Tags = ["sample-data"],
        }, cancellationToken);
        await File.WriteAllTextAsync(paths.SeededMarker, string.Create(CultureInfo.InvariantCulture, $"Seeded {time.GetUtcNow():O}; first refresh is job {job.JobId}.\n"), cancellationToken);
        logger.LogInformation("Seeded the inbox with {Copied} sample file(s) and {Days} generated day(s); full refresh is job {JobId}", copied, sample.GeneratedDays, job.JobId);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
