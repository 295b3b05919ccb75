using Jobs.BuiltIn;

namespace Jobs.Dashboard.Hosting;

/// <summary>Finds the shipped <c>sample-data/</c> folder wherever the app was started from.</summary>
/// <remarks>
/// <c>BuiltInJobs:SampleData:Directory</c> is relative to the working directory, which is the repository root for
/// <c>dotnet run --project src/Dashboard</c> but anything at all for <c>dotnet Jobs.Dashboard.dll</c> (a service, a
/// test, a published build). Without this, such a start would seed only generated events and the shipped files
/// (with their rejected-file example) would silently be missing. The build copies the folder beside the binaries,
/// so the layout's root (the repository, or the binaries' folder) always has one.
/// </remarks>
internal static class SampleDataLocation
{
    /// <summary>Makes a relative sample-data folder that does not exist under the working directory resolve under <paramref name="layout"/>'s root.</summary>
    public static WebApplicationBuilder LocateSampleData(this WebApplicationBuilder builder, RepositoryLayout layout)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(layout);
        builder.Services.PostConfigure<BuiltInJobsOptions>(options =>
            options.SampleData.Directory = Resolve(options.SampleData.Directory, Directory.GetCurrentDirectory(), layout.Root));
        return builder;
    }

    /// <summary>
    /// The folder to read: <paramref name="configured"/> itself when absolute or present under
    /// <paramref name="workingDirectory"/>, else the same relative path under <paramref name="root"/>.
    /// </summary>
    internal static string Resolve(string configured, string workingDirectory, string root)
    {
        if (string.IsNullOrWhiteSpace(configured) || Path.IsPathFullyQualified(configured))
        {
            return configured;
        }

        var underWorkingDirectory = Path.GetFullPath(configured, workingDirectory);
        return Directory.Exists(underWorkingDirectory) ? underWorkingDirectory : Path.GetFullPath(configured, root);
    }
}
