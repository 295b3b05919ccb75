using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace Jobs.Tests.Fakes;

/// <summary>A running <c>Jobs.CrashHost</c> child process: started with <c>dotnet Jobs.CrashHost.dll</c>, watched through its stdout protocol.</summary>
/// <remarks>
/// The host prints <c>ready</c> once started and <c>enqueued &lt;id&gt;</c> per job it enqueued; waits on those
/// lines are event-driven. Its logs (stderr) are kept for failure messages. Disposing kills the process if it
/// still runs, so a failing test never leaves a worker behind writing into a deleted folder.
/// </remarks>
internal sealed class CrashHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<long> _enqueued = new();
    private readonly StringBuilder _stderr = new();
    private readonly AsyncSignalSlim _enqueuedSignal = new();
    private readonly AsyncSignalSlim _stderrSignal = new();
    private readonly string _name;

    private CrashHostProcess(string name, Process process)
    {
        _name = name;
        _process = process;
    }

    /// <summary>The ids the host printed as enqueued, in order.</summary>
    public IReadOnlyList<long> EnqueuedIds => [.. _enqueued];

    /// <summary>The child's process id, for signals.</summary>
    public int Id => _process.Id;

    /// <summary>Starts the host on <paramref name="dataDirectory"/> and waits until it reports <c>ready</c>.</summary>
    public static async Task<CrashHostProcess> StartAsync(string name, string dataDirectory, params string[] arguments)
    {
        var host = Launch(name, dataDirectory, arguments);
        try
        {
            await host.WaitForAsync(host._ready.Task, "report ready", TimeSpan.FromSeconds(20));
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
    }

    /// <summary>Starts the host and waits for it to exit by itself (a refused start): its exit code and stderr.</summary>
    public static async Task<(int ExitCode, string Stderr, bool WasReady)> RunToExitAsync(string name, string dataDirectory, TimeSpan timeout, params string[] arguments)
    {
        await using var host = Launch(name, dataDirectory, arguments);
        await host.WaitForAsync(host._exited.Task, "exit by itself", timeout, failOnExit: false);
        await host._process.WaitForExitAsync(TestContext.Current.CancellationToken);
        lock (host._stderr)
        {
            return (host._process.ExitCode, host._stderr.ToString(), host._ready.Task.IsCompleted);
        }
    }

    private static CrashHostProcess Launch(string name, string dataDirectory, string[] arguments)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(LocateHost());
        info.ArgumentList.Add("--data");
        info.ArgumentList.Add(dataDirectory);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var host = new CrashHostProcess(name, process);
        process.OutputDataReceived += (_, e) => host.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (host._stderr)
                {
                    host._stderr.AppendLine(e.Data);
                }

                host._stderrSignal.Set();
            }
        };
        process.Exited += (_, _) => host._exited.TrySetResult();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Waits until the host printed <paramref name="count"/> enqueued ids.</summary>
    public async Task<IReadOnlyList<long>> WaitForEnqueuedAsync(int count, TimeSpan timeout)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            // Take the pulse before looking, so a line printed in between still wakes us.
            var next = _enqueuedSignal.NextAsync();
            if (_enqueued.Count >= count)
            {
                return EnqueuedIds;
            }

            var left = timeout - TimeProvider.System.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"{_name} printed {_enqueued.Count} of {count} enqueued ids within {timeout}.{Diagnostics()}");
            }

            await WaitForAsync(next, $"print enqueued ids ({_enqueued.Count}/{count})", left);
        }
    }

    /// <summary>Kills the process with SIGKILL (no shutdown code runs) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    /// <summary>Asks for a graceful stop by closing the host's stdin, and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        _process.StandardInput.Close();
        await WaitForAsync(_exited.Task, "exit after stdin closed", TimeSpan.FromSeconds(15), failOnExit: false);
        await _process.WaitForExitAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Sends a POSIX signal (<c>TERM</c>, <c>STOP</c>, <c>CONT</c>, …) with <c>kill -s</c>.</summary>
    /// <remarks>.NET can only SIGKILL a child; the others go through the system's <c>kill</c>, which every test machine has.</remarks>
    public async Task SignalAsync(string signal)
    {
        var info = new ProcessStartInfo("kill") { UseShellExecute = false, RedirectStandardError = true };
        info.ArgumentList.Add("-s");
        info.ArgumentList.Add(signal);
        info.ArgumentList.Add(Id.ToString(CultureInfo.InvariantCulture));
        using var kill = Process.Start(info) ?? throw new InvalidOperationException("Could not start kill.");
        var error = await kill.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -s {signal} {Id} exited with {kill.ExitCode}: {error}");
        }
    }

    /// <summary>Waits until the process exited by itself (after a signal), and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await WaitForAsync(_exited.Task, "exit", timeout, failOnExit: false);
        await _process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return _process.ExitCode;
    }

    /// <summary>Waits until the host wrote <paramref name="text"/> to stderr (its logs).</summary>
    public async Task WaitForStderrAsync(string text, TimeSpan timeout)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            // Take the pulse before looking, so a line written in between still wakes us.
            var next = _stderrSignal.NextAsync();
            lock (_stderr)
            {
                if (_stderr.ToString().Contains(text, StringComparison.Ordinal))
                {
                    return;
                }
            }

            var left = timeout - TimeProvider.System.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"{_name} did not log '{text}' within {timeout}.{Diagnostics()}");
            }

            await WaitForAsync(next, $"log '{text}'", left);
        }
    }

    /// <summary>The exit code, once exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>What the host wrote to stderr so far, for failure messages.</summary>
    public string Diagnostics()
    {
        lock (_stderr)
        {
            return _stderr.Length == 0 ? "" : $"\n--- {_name} stderr ---\n{_stderr}";
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started, or already reaped.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line == "ready")
        {
            _ready.TrySetResult();
        }
        else if (line.StartsWith("enqueued ", StringComparison.Ordinal))
        {
            _enqueued.Enqueue(long.Parse(line.AsSpan("enqueued ".Length), CultureInfo.InvariantCulture));
            _enqueuedSignal.Set();
        }
    }

    /// <summary>Waits for <paramref name="task"/>, failing at once (with the host's stderr) if the process exits first.</summary>
    private async Task WaitForAsync(Task task, string what, TimeSpan timeout, bool failOnExit = true)
    {
        var watched = failOnExit ? Task.WhenAny(task, _exited.Task) : task;
        try
        {
            await watched.WaitAsync(timeout, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{_name} did not {what} within {timeout}.{Diagnostics()}");
        }

        if (!task.IsCompleted)
        {
            throw new InvalidOperationException($"{_name} exited with code {_process.ExitCode} before it did {what}.{Diagnostics()}");
        }

        await task;
    }

    /// <summary>Finds the crash host built beside this test assembly: same configuration and framework, under the folder holding Jobs.sln.</summary>
    private static string LocateHost()
    {
        var baseDirectory = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory);
        var framework = Path.GetFileName(baseDirectory);
        var configuration = typeof(CrashHostProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        for (var directory = new DirectoryInfo(baseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Jobs.sln")))
            {
                var dll = Path.Combine(directory.FullName, "tests", "Jobs.CrashHost", "bin", configuration, framework, "Jobs.CrashHost.dll");
                return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build tests/Jobs.CrashHost ({configuration}) first.", dll);
            }
        }

        throw new DirectoryNotFoundException($"No folder above {baseDirectory} holds Jobs.sln.");
    }
}
