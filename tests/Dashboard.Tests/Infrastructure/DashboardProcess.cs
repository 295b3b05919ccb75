using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Jobs.Dashboard.Tests.Infrastructure;

/// <summary>The built dashboard run as a real process with <c>dotnet Jobs.Dashboard.dll</c>, killed on dispose.</summary>
internal sealed class DashboardProcess : IAsyncDisposable
{
    private static readonly string[] InheritedSettingsToDrop =
        ["ASPNETCORE_URLS", "URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "ConnectionStrings__Jobs", "Storage__DataDirectory"];

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _outputLock = new();

    private DashboardProcess(Process process) => _process = process;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string StandardOutput
    {
        get
        {
            lock (_outputLock)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (_outputLock)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Starts the app in <paramref name="workingDirectory"/> with the given arguments and environment.</summary>
    public static DashboardProcess Start(string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(RepositoryPaths.DashboardAssembly);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var key in InheritedSettingsToDrop)
        {
            info.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var result = new DashboardProcess(process);
        process.OutputDataReceived += (_, e) => result.Append(result._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => result.Append(result._stderr, e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException("The dashboard process did not start.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    /// <summary>A TCP port on the loopback interface that nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls <paramref name="url"/> until it answers 200, the process exits, or the timeout passes.</summary>
    public async Task WaitUntilOkAsync(HttpClient client, Uri url, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        HttpStatusCode? lastStatus = null;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    $"The dashboard exited with code {_process.ExitCode} before {url} answered.\nstderr:\n{StandardError}\nstdout:\n{StandardOutput}");
            }

            try
            {
                using var response = await client.GetAsync(url, deadline.Token);
                lastStatus = response.StatusCode;
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                break;
            }

            try
            {
                // A poll interval, not a wait for time to pass: the loop ends on the answer or the deadline.
                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }

        throw new TimeoutException(
            $"{url} did not answer 200 within {timeout} (last status: {lastStatus?.ToString() ?? "none"}).\nstderr:\n{StandardError}\nstdout:\n{StandardOutput}");
    }

    /// <summary>Waits for the process to exit by itself.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The dashboard did not exit within {timeout}.\nstderr:\n{StandardError}\nstdout:\n{StandardOutput}");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputLock)
        {
            target.AppendLine(line);
        }
    }

    // The muxer that runs these tests (DOTNET_HOST_PATH), else the one beside the running runtime, else PATH.
    private static string DotnetHost()
    {
        var fromHost = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromHost) && File.Exists(fromHost))
        {
            return fromHost;
        }

        var name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        var besideRuntime = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", name));
        return File.Exists(besideRuntime) ? besideRuntime : name;
    }
}
