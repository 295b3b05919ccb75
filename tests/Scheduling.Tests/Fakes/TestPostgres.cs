using Npgsql;

namespace Jobs.Scheduling.Tests.Fakes;

/// <summary>A fresh database on the PostgreSQL server the tests use (<c>JOBS_TEST_POSTGRES</c>, which test.sh sets), dropped after the test.</summary>
/// <remarks>Without the variable the test fails in CI (<c>CI</c> or <c>JOBS_REQUIRE_POSTGRES=1</c> set) and is skipped, with the reason, elsewhere.</remarks>
internal sealed class TestPostgres : IAsyncDisposable
{
    public const string Variable = "JOBS_TEST_POSTGRES";

    private readonly string _server;
    private readonly string _database;

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

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_server) { Database = "postgres" }.ToString());
        await connection.OpenAsync(CancellationToken.None);
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync(CancellationToken.None);
    }
}
