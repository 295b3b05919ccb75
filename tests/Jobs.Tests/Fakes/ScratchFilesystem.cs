using System.Diagnostics;

namespace Jobs.Tests.Fakes;

/// <summary>A small tmpfs mounted for one test: a disk that fills up, or turns read-only, on demand.</summary>
/// <remarks>
/// Tests run as root in CI, and root ignores file permissions (chmod 555 stops nobody), so a full or
/// read-only disk has to be a real filesystem. Mounting needs root (or CAP_SYS_ADMIN): on a developer
/// machine without it the test is skipped with the reason; in CI (<c>CI=true</c>) it fails instead, so the
/// proof never silently goes missing there. Disposing unmounts and deletes the mount point.
/// </remarks>
internal sealed class ScratchFilesystem : IAsyncDisposable
{
    private ScratchFilesystem(string path) => Path = path;

    /// <summary>The mount point.</summary>
    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="sizeBytes"/>, or skips (fails in CI) when this machine can't.</summary>
    public static async Task<ScratchFilesystem> MountOrSkipAsync(long sizeBytes)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "jobs-mounts", Guid.NewGuid().ToString("N"));
        string? unavailable = null;
        if (!OperatingSystem.IsLinux())
        {
            unavailable = "tmpfs mounts need Linux";
        }
        else if (!Environment.IsPrivilegedProcess)
        {
            unavailable = "mounting a tmpfs needs root";
        }
        else
        {
            Directory.CreateDirectory(path);
            var (code, error) = await RunAsync("mount", "-t", "tmpfs", "-o", $"size={sizeBytes},mode=0755", "tmpfs", path);
            if (code != 0)
            {
                Directory.Delete(path);
                unavailable = $"mount -t tmpfs failed ({code}): {error.Trim()}";
            }
        }

        if (unavailable is not null)
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail($"CI must run this test, but {unavailable}.");
            }

            Assert.Skip($"Skipped: {unavailable} (runs in CI, as root).");
        }

        return new ScratchFilesystem(path);
    }

    /// <summary>Remounts the filesystem read-only: every write under it fails, root's too.</summary>
    public async Task MakeReadOnlyAsync()
    {
        var (code, error) = await RunAsync("mount", "-o", "remount,ro", Path);
        Assert.True(code == 0, $"remount,ro failed ({code}): {error}");
    }

    /// <summary>Writes a filler file until the filesystem is full; deleting it frees the space again.</summary>
    public async Task<string> FillAsync()
    {
        var filler = System.IO.Path.Combine(Path, "filler");
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)'x');
        await using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        try
        {
            // Bounded: a tmpfs that never fills (a size the kernel ignored) fails the test instead of eating the disk.
            for (var written = 0L; written < 1L << 30; written += chunk.Length)
            {
                await stream.WriteAsync(chunk, TestContext.Current.CancellationToken);
            }
        }
        catch (IOException)
        {
            return filler; // ENOSPC: full.
        }

        throw new InvalidOperationException($"{Path} took 1 GiB without filling up.");
    }

    public async ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        // Lazy: a child process that still holds a file open must not leave the mount behind.
        await RunAsync("umount", "-l", Path);
        if (Directory.Exists(Path) && !Directory.EnumerateFileSystemEntries(Path).Any())
        {
            Directory.Delete(Path);
        }
    }

    private static async Task<(int ExitCode, string Error)> RunAsync(string command, params string[] arguments)
    {
        var info = new ProcessStartInfo(command) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {command}.");
            var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
            await process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            await process.WaitForExitAsync(CancellationToken.None);
            return (process.ExitCode, await error);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, $"{command}: {ex.Message}");
        }
    }
}
