using Npgsql;

namespace Jobs.Scheduling.Tests.Fakes;

/// <summary>A fresh database on the PostgreSQL server the tests use (<c>JOBS_TEST_POSTGRES</c>, which test.sh sets), dropped after the test.</summary>
/// <remarks>Without the variable the test fails in CI (<c>CI</c> or <c>JOBS_REQUIRE_POSTGRES=1</c> set) and is skipped, with the reason, elsewhere.</remarks>
internal sealed class TestPostgres : IAsyncDisposable
{
    public const string Variable = "JOBS_TEST_POSTGRES";

    private readonly string _server;
    private readonly string _database;
    private readonly List<string> _roles = [];

    private TestPostgres(string server, string database)
    {
        _server = server;
        _database = database;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ToString();
    }

    /// <summary>The connection string of the new database.</summary>
    public string ConnectionString { get; }

    public static async Task<TestPostgres> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(server))
        {
            var reason = $"PostgreSQL tests need {Variable} (for example Host=127.0.0.1;Port=5432;Username=postgres); ./test.sh starts a throwaway cluster and sets it.";
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")) || Environment.GetEnvironmentVariable("JOBS_REQUIRE_POSTGRES") == "1")
            {
                throw new InvalidOperationException(reason);
            }

            Assert.Skip(reason);
        }

        var database = "sched_" + Guid.NewGuid().ToString("N")[..20];
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ToString());
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
        await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        return new TestPostgres(server, database);
    }

    /// <summary>
    /// A connection string for the new database as a login of its own, so that <see cref="CutOffAsync"/> can take one
    /// node off the database the way a crash or a network cut does: no goodbye, nothing released.
    /// </summary>
    public async Task<string> LoginAsync(string node)
    {
        var role = $"{_database}_{node}".Replace('-', '_');
        await ExecuteAsync($"CREATE ROLE \"{role}\" LOGIN SUPERUSER", TestContext.Current.CancellationToken);
        _roles.Add(role);
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Username = role }.ToString();
    }

    /// <summary>Refuses the login new connections and ends its open ones at once.</summary>
    public async Task CutOffAsync(string node)
    {
        var role = $"{_database}_{node}".Replace('-', '_');
        await ExecuteAsync($"ALTER ROLE \"{role}\" NOLOGIN", TestContext.Current.CancellationToken);
        await ExecuteAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{role}'", TestContext.Current.CancellationToken);
    }

    /// <summary>Gives a login cut off by <see cref="CutOffAsync"/> back.</summary>
    public Task RestoreAsync(string node) =>
        ExecuteAsync($"ALTER ROLE \"{$"{_database}_{node}".Replace('-', '_')}\" LOGIN", CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", CancellationToken.None);
        foreach (var role in _roles)
        {
            await ExecuteAsync($"DROP ROLE IF EXISTS \"{role}\"", CancellationToken.None);
        }
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_server) { Database = "postgres" }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
