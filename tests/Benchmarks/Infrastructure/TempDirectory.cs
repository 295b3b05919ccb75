namespace Jobs.Benchmarks.Infrastructure;

/// <summary>A fresh data directory for one run of one system, deleted afterwards.</summary>
/// <remarks>Every round starts from an empty store, so no system pays for (or profits from) an earlier round's rows.</remarks>
internal sealed class TempDirectory(string label) : IDisposable
{
    /// <summary>The directory, under the system's temp folder.</summary>
    public string FullName { get; } = Directory.CreateTempSubdirectory($"jobs-bench-{label}-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(FullName, recursive: true);
        }
        catch (IOException)
        {
            // A peer may still hold a file open for a moment; a leftover temp folder is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
