using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Jobs.Tests.Fakes;

/// <summary>The database a store-suite test runs its engine on: the same tests, one fixture per store.</summary>
/// <remarks>
/// An engine's "directory" names its store: the SQLite file under it, or a PostgreSQL database derived from it, so a test
/// that restarts an engine on the same directory reopens the same jobs on either store.
/// </remarks>
public abstract class StoreBackend
{
    public static readonly StoreBackend Sqlite = new SqliteBackend();
    public static readonly StoreBackend Postgres = new PostgresBackend();

    /// <summary>The settings that point an engine at the store for <paramref name="directory"/>, creating the store when needed.</summary>
    public abstract Task<Dictionary<string, string?>> SettingsAsync(string directory);

    /// <summary>Removes the store of <paramref name="directory"/> (its folder is removed by the engine).</summary>
    public abstract Task DropAsync(string directory);

    public override string ToString() => GetType().Name;

    private sealed class SqliteBackend : StoreBackend
    {
        public override Task<Dictionary<string, string?>> SettingsAsync(string directory) => Task.FromResult(new Dictionary<string, string?>());

        public override Task DropAsync(string directory) => Task.CompletedTask;
    }

    private sealed class PostgresBackend : StoreBackend
    {
        public override async Task<Dictionary<string, string?>> SettingsAsync(string directory)
        {
            var database = TestPostgres.DatabaseName(directory);
            await TestPostgres.CreateDatabaseAsync(database);
            Directory.CreateDirectory(directory);
            return new() { ["ConnectionStrings:Jobs"] = TestPostgres.ConnectionString(database) };
        }

        public override Task DropAsync(string directory) => TestPostgres.DropDatabaseAsync(TestPostgres.DatabaseName(directory));
    }
}

/// <summary>The PostgreSQL server the tests use: <c>JOBS_TEST_POSTGRES</c> (test.sh starts a throwaway cluster and sets it).</summary>
/// <remarks>Without it a test that needs PostgreSQL fails in CI (<c>CI</c> or <c>JOBS_REQUIRE_POSTGRES=1</c> set) and is skipped, with the reason, elsewhere.</remarks>
public static class TestPostgres
{
    public const string Variable = "JOBS_TEST_POSTGRES";

    /// <summary>The server's connection string (any database); skips or fails the test when there is none.</summary>
    public static string Server
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(Variable);
            if (!string.IsNullOrWhiteSpace(value))
            {
                return value;
            }

            var reason = $"PostgreSQL tests need {Variable} (for example Host=127.0.0.1;Port=5432;Username=postgres); ./test.sh starts a throwaway cluster and sets it.";
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")) || Environment.GetEnvironmentVariable("JOBS_REQUIRE_POSTGRES") == "1")
            {
                throw new InvalidOperationException(reason);
            }

            Assert.Skip(reason);
            return "";
        }
    }

    public static string DatabaseName(string key) =>
        "jobs_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..20];

    public static string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(Server) { Database = database }.ToString();

    public static async Task CreateDatabaseAsync(string database)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = database } } };
        if (await exists.ExecuteScalarAsync(TestContext.Current.CancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
    }

    public static async Task DropDatabaseAsync(string database)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(CancellationToken.None);
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync(CancellationToken.None);
    }
}
