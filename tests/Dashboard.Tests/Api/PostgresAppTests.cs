using System.Net;
using System.Net.Http.Json;
using Jobs.Dashboard.Auth;
using Jobs.Dashboard.Tests.Infrastructure;
using Jobs.Model;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Jobs.Dashboard.Tests.Api.ApiTestHttp;

namespace Jobs.Dashboard.Tests.Api;

/// <summary>
/// The real app with only <c>ConnectionStrings:Jobs=Host=...</c> changed: engine, schedules (clustered Quartz), series,
/// metrics, nodes and the sign-in store all on PostgreSQL, through the same routes as on SQLite.
/// </summary>
public sealed class PostgresAppTests(PostgresAppTests.Factory factory) : IClassFixture<PostgresAppTests.Factory>
{
    /// <summary>The PostgreSQL server the tests use (<c>JOBS_TEST_POSTGRES</c>, set by test.sh); one fresh database per class.</summary>
    public sealed class Factory : ApiFactory
    {
        private string? _database;

        public static string? PostgresServer => Environment.GetEnvironmentVariable("JOBS_TEST_POSTGRES") is { Length: > 0 } s ? s : null;

        protected override IEnumerable<KeyValuePair<string, string>> Settings
        {
            get
            {
                _database = "app_" + Guid.NewGuid().ToString("N")[..20];
                using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresServer) { Database = "postgres" }.ToString()))
                {
                    connection.Open();
                    using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", connection);
                    create.ExecuteNonQuery();
                }

                return [new("ConnectionStrings:Jobs", new NpgsqlConnectionStringBuilder(PostgresServer) { Database = _database }.ToString())];
            }
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            if (_database is not null)
            {
                NpgsqlConnection.ClearAllPools();
                await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresServer) { Database = "postgres" }.ToString());
                await connection.OpenAsync(CancellationToken.None);
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
    }

    private static void RequirePostgres()
    {
        if (Factory.PostgresServer is not null)
        {
            return;
        }

        const string reason = "PostgreSQL tests need JOBS_TEST_POSTGRES (for example Host=127.0.0.1;Port=5432;Username=postgres); ./test.sh starts a throwaway cluster and sets it.";
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")) || Environment.GetEnvironmentVariable("JOBS_REQUIRE_POSTGRES") == "1")
        {
            throw new InvalidOperationException(reason);
        }

        Assert.Skip(reason);
    }

    [Fact]
    public async Task HealthReady_AndAJobEnqueuedThroughTheApi_RunsToSuccess()
    {
        RequirePostgres();
        using var client = factory.CreateClient();
        using var health = await client.GetAsync(Url("/health/ready"), Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        var id = await ApiFactory.CreateAsync(client, new { type = "noop" });

        Assert.Equal(JobState.Succeeded, await factory.WaitFinishedAsync(id));
        using var nodes = await client.GetAsync(Url("/api/nodes"), Ct);
        var list = await JsonAsync(nodes, HttpStatusCode.OK);
        Assert.Contains(list.EnumerateArray(), n => n.GetProperty("processId").GetInt32() == Environment.ProcessId);
    }

    [Fact]
    public async Task ScheduleCreated_IsListed_FromQuartzsPostgresStore()
    {
        RequirePostgres();
        using var client = factory.CreateClient();
        using var created = await client.PostAsJsonAsync(Url("/api/schedules"), new { name = "pg-hourly", jobType = "noop", every = "1h" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var listed = await client.GetAsync(Url("/api/schedules"), Ct);
        var schedules = await JsonAsync(listed, HttpStatusCode.OK);
        Assert.Contains(schedules.EnumerateArray(), s => s.GetProperty("name").GetString() == "pg-hourly");
    }

    [Fact]
    public async Task MetricsSummary_AndSeries_Answer()
    {
        RequirePostgres();
        using var client = factory.CreateClient();
        var id = await ApiFactory.CreateAsync(client, new { type = "noop" });
        await factory.WaitFinishedAsync(id);

        using var summary = await client.GetAsync(Url("/api/metrics/summary"), Ct);
        var body = await JsonAsync(summary, HttpStatusCode.OK);
        Assert.True(body.GetProperty("countsByState").GetProperty("succeeded").GetInt64() >= 1);
        using var series = await client.GetAsync(Url("/api/series"), Ct);
        Assert.Equal(HttpStatusCode.OK, series.StatusCode);
    }

    [Fact]
    public async Task SignInStore_CreatesTheFirstAdmin_InPostgres()
    {
        RequirePostgres();
        _ = factory.Server;
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<UserAdministration>().CreateAsync("pg-admin", JobsRoles.Admin, AuthHttp.Password, "test", Ct);

        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var user = await users.FindByNameAsync("pg-admin");
        Assert.NotNull(user);
        Assert.True(await users.IsInRoleAsync(user, JobsRoles.Admin));
        Assert.IsType<PostgresAuthDbContext>(scope.ServiceProvider.GetRequiredService<AuthDbContext>());
    }
}
