using System.Globalization;
using Jobs.BuiltIn.Artifacts;
using Jobs.BuiltIn.SampleDomain;
using Jobs.Client;
using Jobs.Maintenance;
using Microsoft.Extensions.Logging;

namespace Jobs.BuiltIn;

/// <summary>The built-in jobs' part of <c>cleanup</c>: artifacts of jobs that no longer exist, and inbox files processed or rejected longer ago than the max age.</summary>
internal sealed class BuiltInFilesCleanup(ArtifactStore artifacts, SampleDomainPaths paths, IJobQueries queries, ILogger<BuiltInFilesCleanup> logger) : ICleanupContributor
{
    public async Task<int> CleanUpAsync(TimeSpan maxAge, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var deleted = 0;
        if (Directory.Exists(artifacts.Root))
        {
            foreach (var folder in Directory.EnumerateDirectories(artifacts.Root))
            {
                // A job's artifacts live exactly as long as the job: its row is the only thing that points at them.
                if (long.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var jobId)
                    && await queries.GetAsync(jobId, cancellationToken) is null)
                {
                    Directory.Delete(folder, recursive: true);
                    deleted++;
                }
            }
        }

        var cutoff = now - maxAge;
        foreach (var folder in new[] { paths.Processed, paths.Rejected })
        {
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (var file in new DirectoryInfo(folder).EnumerateFiles())
            {
                if (file.LastWriteTimeUtc < cutoff.UtcDateTime)
                {
                    file.Delete();
                    deleted++;
                }
            }
        }

        logger.LogInformation("Cleanup deleted {Count} artifact folders and inbox files", deleted);
        return deleted;
    }
}
