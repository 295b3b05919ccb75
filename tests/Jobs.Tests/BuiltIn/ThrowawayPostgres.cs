using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Jobs.Tests.BuiltIn;

/// <summary>A PostgreSQL 15 cluster in a temp folder on a free loopback port, for the length of one test (about 2 s to start).</summary>
/// <remarks>Needs Debian's postgresql package and root (the server runs as the postgres user); tests skip when either is missing.</remarks>
internal sealed class ThrowawayPostgres : IAsyncDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _directory;

    private ThrowawayPostgres(string directory, int port)
    {
        _directory = directory;
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false";
    }

    public string ConnectionString { get; }

    public static string? WhyUnavailable() =>
        !File.Exists(Path.Combine(Bin, "initdb")) ? "PostgreSQL 15 is not installed (apt-get install postgresql)"
        : Environment.UserName != "root" ? "the throwaway PostgreSQL cluster needs root to run as the postgres user"
        : null;

    public static async Task<ThrowawayPostgres> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "jobs-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        await RunAsync("chown", "postgres:postgres", directory);
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        await RunAsync("runuser", "-u", "postgres", "--", Path.Combine(Bin, "initdb"), "-D", Path.Combine(directory, "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8");
        await RunAsync("runuser", "-u", "postgres", "--", Path.Combine(Bin, "pg_ctl"), "-D", Path.Combine(directory, "data"), "-l", Path.Combine(directory, "server.log"), "-w",
            "-o", $"-c listen_addresses=127.0.0.1 -p {port} -k {directory} -c fsync=off", "start");
        return new ThrowawayPostgres(directory, port);
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {await output}{await error}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("runuser", "-u", "postgres", "--", Path.Combine(Bin, "pg_ctl"), "-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop");
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
