using Bunit;
using Jobs.Dashboard.Auth;
using Jobs.Dashboard.Components.JobList;
using MudBlazor;

namespace Jobs.Dashboard.Tests.Components;

public sealed class EnqueueJobDialogTests : DashboardComponentTest
{
    [Fact]
    public async Task Submit_RejectsMalformedJson_WithAMessageAndEnqueuesNothing()
    {
        var dialogs = RenderDialogs();
        var service = Services.GetService<IDialogService>();
        await dialogs.InvokeAsync(() => service!.ShowAsync<EnqueueJobDialog>("Enqueue job"));

        dialogs.Find("#enqueue-args").Input("{\"steps\": ");
        dialogs.Find("#enqueue-submit").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("args: Not valid JSON", dialogs.Find("#enqueue-errors").TextContent, StringComparison.Ordinal));
        Assert.Empty(Client.Enqueued);
        Assert.NotEmpty(dialogs.FindAll(".mud-dialog"));
    }

    [Fact]
    public async Task Submit_IsRefusedForAViewer_AndEnqueuesNothing()
    {
        Authentication.SignIn("vera", JobsRoles.Viewer);
        var dialogs = RenderDialogs();
        var snackbars = Render<MudSnackbarProvider>();
        var service = Services.GetService<IDialogService>();
        await dialogs.InvokeAsync(() => service!.ShowAsync<EnqueueJobDialog>("Enqueue job"));

        dialogs.Find("#enqueue-args").Input("{}");
        dialogs.Find("#enqueue-submit").Click();

        snackbars.WaitForAssertion(() => Assert.Contains("Not allowed: vera may not enqueue jobs", snackbars.Markup, StringComparison.Ordinal));
        Assert.Empty(Client.Enqueued);
        Assert.Empty(Audit.Entries);
    }
}
