using System.Security.Claims;
using Jobs.Dashboard.Auth;
using Jobs.Dashboard.Cli;
using Jobs.Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Jobs.Dashboard.Tests.Auth;

/// <summary>A dashboard circuit loses its sign-in when the user is removed or changed, or its key revoked.</summary>
public sealed class SignedInUserRevalidatorTests : IDisposable
{
    private readonly TempDirectory _data = new("jobs-revalidate");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task User_StaysValid_UntilTheirStampChangesOrTheyAreRemoved()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = await StartAsync();
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        await sp.GetRequiredService<UserAdministration>().CreateAsync("hank", JobsRoles.Operator, AuthHttp.Password, "test", ct);
        var users = sp.GetRequiredService<UserManager<IdentityUser>>();
        var hank = (await users.FindByNameAsync("hank"))!;
        var principal = await sp.GetRequiredService<IUserClaimsPrincipalFactory<IdentityUser>>().CreateAsync(hank);
        var identity = sp.GetRequiredService<IOptions<IdentityOptions>>().Value;

        var fresh = await SignedInUserRevalidator.IsStillValidAsync(principal, sp, identity, ct);
        await users.UpdateSecurityStampAsync(hank);
        var afterChange = await SignedInUserRevalidator.IsStillValidAsync(principal, sp, identity, ct);
        var renewed = await sp.GetRequiredService<IUserClaimsPrincipalFactory<IdentityUser>>().CreateAsync(hank);
        await sp.GetRequiredService<UserAdministration>().RemoveAsync("hank", "test", ct);
        var afterRemoval = await SignedInUserRevalidator.IsStillValidAsync(renewed, sp, identity, ct);

        Assert.True(fresh);
        Assert.False(afterChange);
        Assert.False(afterRemoval);
    }

    [Fact]
    public async Task ApiKey_StaysValid_UntilRevoked()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = await StartAsync();
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var keys = sp.GetRequiredService<ApiKeyService>();
        var created = await keys.CreateAsync("circuit", JobsRoles.Viewer, "test", ct);
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "apikey:circuit"), new Claim(ApiKeyAuthenticationHandler.KeyIdClaim, created.Info.KeyId)],
            ApiKeyAuthenticationHandler.SchemeName));
        var identity = new IdentityOptions();

        var before = await SignedInUserRevalidator.IsStillValidAsync(principal, sp, identity, ct);
        await keys.RevokeAsync("circuit", "test", ct);
        var after = await SignedInUserRevalidator.IsStillValidAsync(principal, sp, identity, ct);

        Assert.True(before);
        Assert.False(after);
    }

    private Task<ServiceProvider> StartAsync() => AuthCliServices.StartAsync(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDirectory"] = _data.Path }).Build(),
        TestContext.Current.CancellationToken);
}
