using Jobs.Dashboard.Hosting;
using Jobs.Dashboard.Tests.Infrastructure;

namespace Jobs.Dashboard.Tests.Hosting;

/// <summary>The sample-data folder is found from the repository root, from anywhere else, and beside the binaries.</summary>
public sealed class SampleDataLocationTests : IDisposable
{
    private readonly TempDirectory _workingDirectory = new("jobs-cwd");
    private readonly TempDirectory _root = new("jobs-root");

    public void Dispose()
    {
        _workingDirectory.Dispose();
        _root.Dispose();
    }

    [Fact]
    public void Resolve_KeepsTheWorkingDirectorysFolder_WhenItExists()
    {
        Directory.CreateDirectory(Path.Combine(_workingDirectory.Path, "sample-data"));

        Assert.Equal(Path.Combine(_workingDirectory.Path, "sample-data"), SampleDataLocation.Resolve("sample-data", _workingDirectory.Path, _root.Path));
    }

    [Fact]
    public void Resolve_FallsBackToTheLayoutsRoot_WhenTheWorkingDirectoryHasNone()
    {
        Assert.Equal(Path.Combine(_root.Path, "sample-data"), SampleDataLocation.Resolve("sample-data", _workingDirectory.Path, _root.Path));
    }

    [Fact]
    public void Resolve_KeepsAnAbsolutePath()
    {
        var absolute = Path.Combine(_workingDirectory.Path, "elsewhere");

        Assert.Equal(absolute, SampleDataLocation.Resolve(absolute, _root.Path, _root.Path));
    }

    [Fact]
    public void Build_CopiesTheSampleDataBesideTheBinaries_WhereTheLayoutFallsBackTo()
    {
        var besideBinaries = Path.Combine(Path.GetDirectoryName(RepositoryPaths.DashboardAssembly)!, "sample-data");

        Assert.True(File.Exists(Path.Combine(besideBinaries, "events-2026-11-01.csv")), $"No sample data at {besideBinaries}.");
        Assert.True(File.Exists(Path.Combine(besideBinaries, "pipelines", "events-report.json")));
    }
}
