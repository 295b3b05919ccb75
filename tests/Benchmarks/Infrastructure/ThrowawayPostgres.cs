using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Jobs.Benchmarks.Infrastructure;

/// <summary>The PostgreSQL server a PostgreSQL scenario runs on: <c>JOBS_BENCH_POSTGRES</c> when set, else a throwaway cluster it starts and stops.</summary>
/// <remarks>
/// The throwaway cluster keeps PostgreSQL's durable defaults (<c>fsync=on</c>, <c>synchronous_commit=on</c>), so the
/// figures are for commits that survive power loss, as a production server gives. Started with Debian's PostgreSQL 15
/// (<c>/usr/lib/postgresql/15/bin</c>, or <c>PGBIN</c>), as the postgres user when run as root (initdb refuses root).
/// </remarks>
internal sealed class ThrowawayPostgres : IAsyncDisposable
{
    public const string Variable = "JOBS_BENCH_POSTGRES";

    private readonly string? _directory;
    private readonly string? _bin;

    private ThrowawayPostgres(string connectionString, string? directory, string? bin)
    {
        ConnectionString = connectionString;
        _directory = directory;
        _bin = bin;
    }

    /// <summary>The server (no database named).</summary>
    public string ConnectionString { get; }

    public static async Task<ThrowawayPostgres> StartAsync(CancellationToken cancellationToken)
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given)
        {
            return new ThrowawayPostgres(given, null, null);
        }

        var bin = Environment.GetEnvironmentVariable("PGBIN") ?? "/usr/lib/postgresql/15/bin";
        if (!File.Exists(Path.Combine(bin, "initdb")))
        {
            throw new UsageException($"No PostgreSQL at {bin}: install postgresql (apt-get install postgresql), set PGBIN, or set {Variable} to a server's connection string.");
        }

        var directory = Directory.CreateTempSubdirectory("jobs-bench-pg-").FullName;
        var port = FreePort();
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", ["postgres:postgres", directory], cancellationToken);
        }

        await RunPgAsync(bin, "initdb", ["-D", Path.Combine(directory, "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"], cancellationToken);
        await RunPgAsync(bin, "pg_ctl", ["-D", Path.Combine(directory, "data"), "-l", Path.Combine(directory, "server.log"), "-w",
            "-o", $"-c listen_addresses=127.0.0.1 -p {port.ToString(CultureInfo.InvariantCulture)} -k {directory} -c max_connections=300", "start"], cancellationToken);
        Progress.Line($"throwaway PostgreSQL cluster (fsync on) on 127.0.0.1:{port}");
        return new ThrowawayPostgres($"Host=127.0.0.1;Port={port.ToString(CultureInfo.InvariantCulture)};Username=postgres", directory, bin);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task RunPgAsync(string bin, string tool, string[] args, CancellationToken cancellationToken) =>
        Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(bin, tool), .. args], cancellationToken)
            : RunAsync(Path.Combine(bin, tool), args, cancellationToken);

    private static async Task RunAsync(string file, string[] args, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {await stderr}{await stdout}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_directory is null)
        {
            return;
        }

        Npgsql.NpgsqlConnection.ClearAllPools();
        await RunPgAsync(_bin!, "pg_ctl", ["-D", Path.Combine(_directory, "data"), "-m", "fast", "-w", "stop"], CancellationToken.None);
        Directory.Delete(_directory, recursive: true);
    }
}
