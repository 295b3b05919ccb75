namespace Jobs.Dashboard.Tests.Infrastructure;

/// <summary>Paths in the source tree, found from the test binaries.</summary>
internal static class RepositoryPaths
{
    /// <summary>The repository root: the nearest folder above the test binaries that holds Jobs.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The built Jobs.Dashboard.dll of the same configuration as these tests.</summary>
    public static string DashboardAssembly { get; } = FindDashboardAssembly();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Jobs.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Jobs.sln above {AppContext.BaseDirectory}.");
    }

    private static string FindDashboardAssembly()
    {
        // tests/Dashboard.Tests/bin/Release/net10.0/ -> src/Dashboard/bin/Release/net10.0/
        var testProject = Path.Combine(Root, "tests", "Dashboard.Tests");
        var outputSuffix = Path.GetRelativePath(testProject, AppContext.BaseDirectory);
        var candidates = new[]
        {
            Path.Combine(Root, "src", "Dashboard", outputSuffix, "Jobs.Dashboard.dll"),
            Path.Combine(AppContext.BaseDirectory, "Jobs.Dashboard.dll"),
        };
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate) && File.Exists(Path.ChangeExtension(candidate, ".runtimeconfig.json")))
            {
                return Path.GetFullPath(candidate);
            }
        }

        throw new InvalidOperationException($"Jobs.Dashboard.dll is not built; looked at {string.Join(", ", candidates)}.");
    }
}
