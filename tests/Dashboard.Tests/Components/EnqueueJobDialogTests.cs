using Bunit;
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
}
