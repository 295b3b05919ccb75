using System.CommandLine;
using System.Text.Json;
using Jobs.Dashboard.Auth;
using Jobs.Dashboard.Cli;
using Jobs.Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Dashboard.Tests.Cli;

/// <summary>The <c>users</c> and <c>apikeys</c> verbs against a temporary data directory (no server running).</summary>
public sealed class AuthCommandsTests : IAsyncDisposable
{
    private readonly TempDirectory _data = new("jobs-cli");
    private readonly IConfiguration _configuration;
    private ServiceProvider? _services;

    public AuthCommandsTests()
    {
        _configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDirectory"] = Path.Combine(_data.Path, "fresh") })
            .Build();
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        _data.Dispose();
    }

    // Started on first use, as the CLI's shared engine is: --help and usage errors never touch the store.
    private async Task<IServiceProvider> ServicesAsync(ParseResult parse, CancellationToken cancellationToken) =>
        _services ??= await AuthCliServices.StartAsync(_configuration, cancellationToken);

    [Fact]
    public async Task UsersAdd_CreatesAUserWhosePasswordCameFromStdin()
    {
        var result = await RunAsync(["users", "add", "alice", "--role", "Operator", "--password-stdin"], AuthHttp.Password + "\n");
        var list = await RunAsync(["users", "list", "--json"]);

        Assert.Equal((0, "User 'alice' added with role operator.\n", ""), result);
        using var json = JsonDocument.Parse(list.Output);
        var alice = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal(("alice", "operator"), (alice.GetProperty("userName").GetString(), alice.GetProperty("role").GetString()));
        await using var scope = (await ServicesAsync(null!, TestContext.Current.CancellationToken)).CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var stored = await users.FindByNameAsync("alice");
        Assert.True(await users.CheckPasswordAsync(stored!, AuthHttp.Password));
        Assert.DoesNotContain(AuthHttp.Password, stored!.PasswordHash, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "users", "add", "bob", "--role", "superuser", "--password-stdin" }, "--role must be one of viewer, operator, admin.")]
    [InlineData(new[] { "users", "add", "bob", "--password-stdin" }, "--role must be one of viewer, operator, admin.")]
    [InlineData(new[] { "users", "add", "bob", "--role", "viewer" }, "Pass the password on standard input with --password-stdin; it is never taken from the command line.")]
    [InlineData(new[] { "apikeys", "create", "ci", "--role", "root" }, "--role must be one of viewer, operator, admin.")]
    public async Task Verb_ExitsWith2AndOneLine_WhenInputIsBad(string[] args, string reason)
    {
        var result = await RunAsync(args, AuthHttp.Password + "\n");

        Assert.Equal((2, "", reason + "\n"), result);
    }

    /// <summary>An unknown name is a failed action (1), as an unknown job id is for the jobs verbs.</summary>
    [Theory]
    [InlineData(new[] { "users", "remove", "nobody" }, "No user named 'nobody'.")]
    [InlineData(new[] { "apikeys", "revoke", "nothing" }, "No active API key named 'nothing'.")]
    public async Task Verb_ExitsWith1AndOneLine_WhenTheNameIsUnknown(string[] args, string reason)
    {
        var result = await RunAsync(args);

        Assert.Equal((1, "", reason + "\n"), result);
    }

    [Fact]
    public async Task UsersAdd_ExitsWith2NamingTheRules_WhenThePasswordIsWeak()
    {
        var (exit, output, error) = await RunAsync(["users", "add", "bob", "--role", "viewer", "--password-stdin"], "short\n");

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("at least 8 characters", error, StringComparison.Ordinal);
        Assert.Equal("", (await RunAsync(["users", "list"])).Output);
    }

    [Fact]
    public async Task UsersAdd_ExitsWith2_WhenTheNameIsTaken()
    {
        await RunAsync(["users", "add", "carol", "--role", "viewer", "--password-stdin"], AuthHttp.Password + "\n");

        var again = await RunAsync(["users", "add", "carol", "--role", "admin", "--password-stdin"], AuthHttp.Password + "\n");

        Assert.Equal((2, "", "A user named 'carol' already exists.\n"), again);
    }

    [Fact]
    public async Task ApiKeys_CreatePrintsAWorkingKeyOnce_AndRevokeStopsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var created = await RunAsync(["apikeys", "create", "ci-deploy", "--role", "operator"]);
        var key = created.Output.Split('\n')[1];
        var services = await ServicesAsync(null!, ct);
        var keys = services.GetRequiredService<ApiKeyService>();

        var before = await keys.AuthenticateAsync(key, ct);
        var revoked = await RunAsync(["apikeys", "revoke", "ci-deploy"]);
        var after = await keys.AuthenticateAsync(key, ct);
        var list = await RunAsync(["apikeys", "list"]);

        Assert.Equal(0, created.Exit);
        Assert.StartsWith("API key 'ci-deploy' created with role operator.", created.Output, StringComparison.Ordinal);
        Assert.StartsWith(ApiKeyService.Prefix, key, StringComparison.Ordinal);
        Assert.Equal("operator", before?.Role);
        Assert.Equal((0, "API key 'ci-deploy' revoked.\n", ""), revoked);
        Assert.Null(after);
        Assert.Contains("revoked", list.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(key, list.Output, StringComparison.Ordinal);
        var audit = await services.GetRequiredService<IAuditLog>().ListForTargetAsync(AuditTargets.ApiKey, "ci-deploy", cancellationToken: ct);
        Assert.Equal([AuditActions.ApiKeyRevoke, AuditActions.ApiKeyCreate], audit.Select(e => e.Action));
        Assert.All(audit, e => Assert.Equal(AuditActor.Cli, e.Actor));
    }

    [Fact]
    public async Task ApiKeysCreate_PrintsJson_WithJson()
    {
        var (exit, output, _) = await RunAsync(["apikeys", "create", "scripted", "--role", "viewer", "--json"]);

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("viewer", json.RootElement.GetProperty("role").GetString());
        Assert.StartsWith(ApiKeyService.Prefix, json.RootElement.GetProperty("key").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lists_UseTheRootsRecursiveJsonOption_WhenGivenOne()
    {
        var json = new Option<bool>("--json") { Recursive = true };
        await RunAsync(["apikeys", "create", "shared", "--role", "viewer"]);

        var (exit, output, error) = await RunAsync(["apikeys", "list", "--json"], sharedJson: json);

        Assert.Equal((0, ""), (exit, error));
        using var listed = JsonDocument.Parse(output);
        Assert.Equal("shared", Assert.Single(listed.RootElement.EnumerateArray()).GetProperty("name").GetString());
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(string[] args, string stdin = "", Option<bool>? sharedJson = null)
    {
        var root = new RootCommand
        {
            UsersCommand.Create(ServicesAsync, new StringReader(stdin), sharedJson),
            ApiKeysCommand.Create(ServicesAsync, sharedJson),
        };
        if (sharedJson is not null)
        {
            root.Options.Add(sharedJson);
        }

        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var exit = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }
}
