using Jobs.Dashboard.Hosting;
using Jobs.Dashboard.Tests.Infrastructure;

namespace Jobs.Dashboard.Tests.Hosting;

public sealed class RepositoryLayoutTests
{
    [Fact]
    public void Locate_FindsRoot_WhenStartingInANestedFolder()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(Path.Combine(temp.Path, "Jobs.sln"), "");
        File.WriteAllText(Path.Combine(temp.Path, "appsettings.json"), "{}");
        var nested = Directory.CreateDirectory(Path.Combine(temp.Path, "src", "Dashboard")).FullName;

        var layout = RepositoryLayout.Locate([nested], "/nowhere");

        Assert.True(layout.IsRepository);
        Assert.Equal(Path.GetFullPath(temp.Path), layout.Root);
        Assert.Equal(Path.Combine(layout.Root, "wwwroot-assets"), layout.AssetsDirectory);
    }

    [Fact]
    public void Locate_TriesLaterStarts_WhenTheFirstHasNoRepository()
    {
        using var outside = new TempDirectory();
        using var repo = new TempDirectory();
        File.WriteAllText(Path.Combine(repo.Path, "Jobs.sln"), "");
        File.WriteAllText(Path.Combine(repo.Path, "appsettings.json"), "{}");

        var layout = RepositoryLayout.Locate([outside.Path, null, repo.Path], "/nowhere");

        Assert.Equal(Path.GetFullPath(repo.Path), layout.Root);
    }

    [Fact]
    public void Locate_FallsBackToBaseDirectory_WhenNoFolderHoldsBothFiles()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(Path.Combine(temp.Path, "Jobs.sln"), ""); // a solution without appsettings.json is not the root
        using var baseDirectory = new TempDirectory();

        var layout = RepositoryLayout.Locate([temp.Path], baseDirectory.Path);

        Assert.False(layout.IsRepository);
        Assert.Equal(Path.GetFullPath(baseDirectory.Path), layout.Root);
    }
}
