using System.Security.Claims;
using Jobs.Dashboard.Auth;
using Microsoft.AspNetCore.Components.Authorization;

namespace Jobs.Dashboard.Tests.Fakes;

/// <summary>The signed-in user of a component test: a user name with one of the dashboard's roles, changeable mid-test.</summary>
internal sealed class TestAuthenticationStateProvider : AuthenticationStateProvider
{
    private ClaimsPrincipal _user = Principal("test-operator", JobsRoles.Operator);

    /// <summary>Signs <paramref name="userName"/> in with <paramref name="role"/> and tells cascading state subscribers.</summary>
    public void SignIn(string userName, string role)
    {
        _user = Principal(userName, role);
        NotifyAuthenticationStateChanged(GetAuthenticationStateAsync());
    }

    public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(_user));

    private static ClaimsPrincipal Principal(string userName, string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, userName), new Claim(ClaimTypes.Role, role)], "Test"));
}
