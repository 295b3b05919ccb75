using System.Globalization;
using Jobs.Configuration;
using Microsoft.Extensions.Options;

namespace Jobs.BuiltIn.Artifacts;

/// <summary>Files a job produces (row sets, reports), kept under <c>&lt;data&gt;/artifacts/&lt;jobId&gt;/</c>.</summary>
/// <remarks>
/// Large results live here rather than in the job row: the row keeps a summary and the artifact's path
/// relative to the data directory (for example <c>artifacts/42/rows.jsonl</c>), so the data directory can move.
/// </remarks>
public sealed class ArtifactStore
{
    /// <summary>The folder under the data directory.</summary>
    public const string FolderName = "artifacts";

    /// <summary>Creates the store over the configured data directory.</summary>
    public ArtifactStore(IOptions<StorageOptions> storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        DataDirectory = Path.GetFullPath(storage.Value.DataDirectory);
        Root = Path.Combine(DataDirectory, FolderName);
    }

    /// <summary>The data directory, absolute.</summary>
    public string DataDirectory { get; }

    /// <summary>The artifacts folder, absolute.</summary>
    public string Root { get; }

    /// <summary>The folder of one job's artifacts, created when missing.</summary>
    public string CreateJobDirectory(long jobId)
    {
        var directory = JobDirectory(jobId);
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>The folder of one job's artifacts (it may not exist).</summary>
    public string JobDirectory(long jobId) => Path.Combine(Root, jobId.ToString(CultureInfo.InvariantCulture));

    /// <summary>The path of an artifact relative to the data directory, with forward slashes, as results store it.</summary>
    public string RelativePath(string fullPath) => Path.GetRelativePath(DataDirectory, fullPath).Replace('\\', '/');

    /// <summary>Turns a stored relative path back into a full path inside the artifacts folder.</summary>
    /// <exception cref="ArgumentException">When the path leads outside the artifacts folder.</exception>
    public string Resolve(string relativePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(relativePath);
        var full = Path.GetFullPath(Path.Combine(DataDirectory, relativePath));
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{relativePath}' is not inside the artifacts folder.", nameof(relativePath));
        }

        return full;
    }

    /// <summary>The artifacts of one job: file names and sizes, by name. Empty when it has none.</summary>
    public IReadOnlyList<ArtifactInfo> List(long jobId)
    {
        var directory = JobDirectory(jobId);
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return [.. new DirectoryInfo(directory).EnumerateFiles()
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => new ArtifactInfo(f.Name, f.Length, RelativePath(f.FullName)))];
    }

    /// <summary>The full path of one named artifact of a job, or null when there is none or the name is not a plain file name.</summary>
    public string? Find(long jobId, string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name != Path.GetFileName(name) || name is "." or "..")
        {
            return null;
        }

        var path = Path.Combine(JobDirectory(jobId), name);
        return File.Exists(path) ? path : null;
    }
}

/// <summary>One artifact file of a job.</summary>
/// <param name="Name">The file name.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="Path">Its path relative to the data directory.</param>
public sealed record ArtifactInfo(string Name, long Bytes, string Path);
