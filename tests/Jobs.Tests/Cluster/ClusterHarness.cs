using Jobs.Model;
using Jobs.Tests.Fakes;
using Npgsql;

namespace Jobs.Tests.Cluster;

/// <summary>One PostgreSQL database shared by node processes (<c>Jobs.CrashHost</c>) and an in-test engine that only reads and enqueues.</summary>
/// <remarks>
/// The in-test engine migrates the database before any node starts, and receives the nodes' job events through
/// PostgreSQL notifications like any other node: waits are driven by those events, never by sleeping.
/// </remarks>
internal sealed class ClusterHarness : IAsyncDisposable
{
    private readonly List<CrashHostProcess> _nodes = [];
    private readonly string _directory;

    private ClusterHarness(string directory, TestEngine observer)
    {
        _directory = directory;
        Observer = observer;
        ConnectionString = TestPostgres.ConnectionString(TestPostgres.DatabaseName(directory));
    }

    /// <summary>An engine without workers on the same database: enqueues, queries, and hears the nodes' events.</summary>
    public TestEngine Observer { get; }

    public string ConnectionString { get; }

    public static async Task<ClusterHarness> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "jobs-tests", "cluster-" + Guid.NewGuid().ToString("N"));
        var observer = await TestEngine.StartOnAsync(StoreBackend.Postgres, new() { ["JobEngine:RunWorkers"] = "false" }, directory);
        return new ClusterHarness(directory, observer);
    }

    /// <summary>Starts a node process on the shared database and waits until it is ready.</summary>
    public async Task<CrashHostProcess> StartNodeAsync(string name, params string[] arguments)
    {
        var data = Path.Combine(_directory, name);
        Directory.CreateDirectory(data);
        var node = await CrashHostProcess.StartAsync(name, data, [.. arguments, "--connection-string", ConnectionString, "--node", name]);
        _nodes.Add(node);
        return node;
    }

    /// <summary>Waits until <paramref name="condition"/> holds, re-checking whenever a job event arrives from any node.</summary>
    public async Task WaitAsync(Func<Task<bool>> condition, string what, TimeSpan timeout)
    {
        var changed = new AsyncSignalSlim();
        using var subscription = Observer.Events.Subscribe(_ =>
        {
            changed.Set();
            return Task.CompletedTask;
        });
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var next = changed.NextAsync();
            if (await condition())
            {
                return;
            }

            var left = timeout - TimeProvider.System.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"Not within {timeout}: {what}.");
            }

            try
            {
                await next.WaitAsync(left, TestContext.Current.CancellationToken);
            }
            catch (TimeoutException)
            {
                // Checked once more at the top, then reported.
            }
        }
    }

    public async Task<long> CountAsync(JobState state) => (await Observer.Queries.CountByStateAsync(TestContext.Current.CancellationToken))[state];

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    public async Task<List<(string Node, long Count)>> RowsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new List<(string, long)>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        await Observer.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(TestPostgres.DatabaseName(_directory));
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
