using Bunit;
using Jobs.Dashboard.Auth;
using Jobs.Dashboard.Components.Layout;
using Microsoft.AspNetCore.Components.Forms;

namespace Jobs.Dashboard.Tests.Components;

public sealed class SignedInUserTests : DashboardComponentTest
{
    [Fact]
    public void Render_ShowsNameRoleAndASignOutForm_WhenSignedIn()
    {
        Authentication.SignIn("alice", JobsRoles.Operator);

        var user = RenderFor(signInEnabled: true);

        Assert.Equal("alice", user.Find("#user-name").TextContent);
        Assert.Equal("operator", user.Find("#user-role").TextContent.Trim());
        var form = user.Find("#signout-form");
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal(AuthEndpoints.SignOutPath, form.GetAttribute("action"));
        // bUnit has no antiforgery state, so the token input itself is checked by the signed-in browser test.
        Assert.NotNull(user.FindComponent<AntiforgeryToken>());
        Assert.Equal("submit", form.QuerySelector("#signout")!.GetAttribute("type"));
    }

    [Fact]
    public void Render_SaysLocalAndHasNoSignOut_WhenSignInIsOff()
    {
        var user = RenderFor(signInEnabled: false);

        Assert.Equal("local (sign-in off)", user.Find("#user-local").TextContent.Trim());
        Assert.Empty(user.FindAll("#signout-form"));
    }

    private IRenderedComponent<SignedInUser> RenderFor(bool signInEnabled) =>
        Render<SignedInUser>(p => p
            .Add(x => x.SignInEnabled, signInEnabled)
            .AddCascadingValue(Authentication.GetAuthenticationStateAsync()));
}
