namespace Jobs.Benchmarks.Infrastructure;

/// <summary>A fresh data directory for one run of one system, deleted afterwards.</summary>
/// <remarks>Every round starts from an empty store, so no system pays for (or profits from) an earlier round's rows.</remarks>
internal sealed class TempDirectory(string label) : IDisposable
{
    /// <summary>The directory, under the system's temp folder.</summary>
    public string FullName { get; } = Directory.CreateTempSubdirectory($"jobs-bench-{label}-").FullName;

    /// <summary>Set <c>BENCH_KEEP_DATA=1</c> to keep the directories, for looking at a store after a run (query plans, sizes).</summary>
    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("BENCH_KEEP_DATA") == "1")
        {
            Progress.Line($"kept {FullName}");
            return;
        }

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
