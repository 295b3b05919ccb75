namespace Jobs.Dashboard.Hosting;

/// <summary>Where the host finds the root <c>appsettings.json</c> and the <c>wwwroot-assets</c> folder.</summary>
/// <param name="Root">The repository root, or the application's base directory when no repository was found.</param>
/// <param name="IsRepository">Whether <see cref="Root"/> is a source checkout (it holds the solution file).</param>
internal sealed record RepositoryLayout(string Root, bool IsRepository)
{
    /// <summary>The solution file that marks the repository root.</summary>
    public const string SolutionFileName = "Jobs.sln";

    /// <summary>The configuration file, kept at the repository root.</summary>
    public const string SettingsFileName = "appsettings.json";

    /// <summary>The static assets folder, kept at the repository root.</summary>
    public const string AssetsFolderName = "wwwroot-assets";

    /// <summary>The folder static files are served from.</summary>
    public string AssetsDirectory => Path.Combine(Root, AssetsFolderName);

    /// <summary>
    /// Walks up from each start directory until one holds both the solution and <c>appsettings.json</c>;
    /// falls back to <paramref name="baseDirectory"/>, where the build copies both.
    /// </summary>
    /// <remarks>
    /// <c>dotnet run --project src/Dashboard</c> starts in the repository root, while tests start with the
    /// content root at <c>src/Dashboard</c>; a published build has neither and uses its own copies.
    /// </remarks>
    public static RepositoryLayout Locate(IEnumerable<string?> startDirectories, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(startDirectories);
        ArgumentException.ThrowIfNullOrWhiteSpace(baseDirectory);

        foreach (var start in startDirectories)
        {
            if (string.IsNullOrWhiteSpace(start))
            {
                continue;
            }

            for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, SolutionFileName))
                    && File.Exists(Path.Combine(dir.FullName, SettingsFileName)))
                {
                    return new RepositoryLayout(dir.FullName, IsRepository: true);
                }
            }
        }

        return new RepositoryLayout(Path.GetFullPath(baseDirectory), IsRepository: false);
    }
}
