using Bunit;
using Jobs.Client;
using Jobs.Dashboard.Auth;
using Jobs.Dashboard.Components.DeadLetter;
using Jobs.Dashboard.Tests.Fakes;
using Jobs.Model;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Dashboard.Tests.Components;

public sealed class DeadLetterPageTests : DashboardComponentTest
{
    [Fact]
    public void Render_ShowsProgressBar_WhileTheStoreAnswers()
    {
        Queries.Hang = true;

        var page = Render<DeadLetterPage>();

        Assert.NotNull(page.Find("#dlq-loading .mud-progress-linear"));
    }

    [Fact]
    public void Render_ShowsError_WhenTheStoreFails()
    {
        Queries.Failure = FakeJobQueries.StoreDown();

        var page = Render<DeadLetterPage>();

        Assert.Contains("database is locked", page.Find("#dlq-error").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SaysEmpty_AndPurgeIsDisabled_WhenNothingIsDeadLettered()
    {
        var page = Render<DeadLetterPage>();

        Assert.Equal("The dead-letter queue is empty.", page.Find("#dlq-empty").TextContent);
        Assert.True(page.Find("#dlq-purge").HasAttribute("disabled"));
        Assert.True(page.Find("#dlq-retry-selected").HasAttribute("disabled"));
    }

    [Fact]
    public void Render_ShowsGroupsWithCountsAndJobs()
    {
        AddDeadLettered();

        var page = Render<DeadLetterPage>();

        var group = page.Find("tr.dlq-group[data-type='etl']");
        Assert.Equal("2", group.QuerySelector(".group-count")!.TextContent.Trim());
        Assert.Contains("InvalidOperationException", group.TextContent, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("tr.dlq-row").Count));
        Assert.False(page.Find("#dlq-purge").HasAttribute("disabled"));
    }

    [Fact]
    public void RetryOne_CallsTheEngine()
    {
        AddDeadLettered();
        RenderDialogs();
        var page = Render<DeadLetterPage>();
        page.WaitForAssertion(() => page.Find("tr.job-2"));

        page.Find("tr.job-2 .row-retry").Click();

        page.WaitForAssertion(() => Assert.Equal([("retry", 2L)], Client.Calls));
    }

    [Fact]
    public void RetryGroup_RetriesExactlyThatGroupsJobs()
    {
        AddDeadLettered();
        RenderDialogs();
        var page = Render<DeadLetterPage>();

        page.Find("tr.dlq-group[data-type='etl'] .group-retry").Click();

        page.WaitForAssertion(() => Assert.Equal([[1L, 2L]], Client.DeadLetterRetries.Select(ids => ids!.Order().ToArray())));
        page.WaitForAssertion(() => Assert.Contains("Retried 2 etl jobs", Services.GetRequiredService<MudBlazor.ISnackbar>().ShownSnackbars.Single().Message, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("#dlq-work"));
        Assert.False(page.Find("tr.dlq-group .group-retry").HasAttribute("disabled"));
    }

    [Fact]
    public void Purge_AsksFirst_ThenPurges()
    {
        AddDeadLettered();
        var dialogs = RenderDialogs();
        var page = Render<DeadLetterPage>();

        page.Find("#dlq-purge").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("All 3 dead-lettered jobs", dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal));
        Assert.Equal(0, Client.Purges);
        dialogs.FindAll("button").Single(b => b.TextContent.Contains("Purge 3 jobs", StringComparison.Ordinal)).Click();

        page.WaitForAssertion(() => Assert.Equal(1, Client.Purges));
    }

    private void AddDeadLettered()
    {
        AddJob(1, JobState.DeadLettered, type: "etl", error: "Bad row");
        AddJob(2, JobState.DeadLettered, type: "etl", error: "Bad row");
        AddJob(3, JobState.DeadLettered, type: "heatmap", error: "No tiles");
        Queries.Groups.Add(new DeadLetterGroup("etl", "System.InvalidOperationException", 2, Now, "Bad row"));
        Queries.Groups.Add(new DeadLetterGroup("heatmap", "System.InvalidOperationException", 1, Now, "No tiles"));
    }

    [Fact]
    public void Render_DisablesRetryAndPurge_ForAViewer()
    {
        Authentication.SignIn("vera", JobsRoles.Viewer);
        AddDeadLettered();

        var page = Render<DeadLetterPage>();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("tr.dlq-row").Count));
        Assert.True(page.Find("#dlq-purge").HasAttribute("disabled"));
        Assert.True(page.Find("#dlq-retry-selected").HasAttribute("disabled"));
        Assert.All(page.FindAll(".group-retry, tr.dlq-row .row-retry"), b => Assert.True(b.HasAttribute("disabled")));
    }

    [Fact]
    public void Purge_IsRecordedInTheAuditLog_AsTheApiRecordsIt()
    {
        AddDeadLettered();
        Client.PurgeAnswer = 3;
        var dialogs = RenderDialogs();
        var page = Render<DeadLetterPage>();

        page.Find("#dlq-purge").Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll("button").Single(b => b.TextContent.Contains("Purge 3 jobs", StringComparison.Ordinal)).Click());

        page.WaitForAssertion(() => Assert.Equal(1, Client.Purges));
        var entry = Assert.Single(Audit.Entries);
        Assert.Equal(("test-operator", AuditActions.DeadLetterPurge, AuditTargets.DeadLetter, null, "purged 3 (all)"),
            (entry.Actor, entry.Action, entry.TargetType, entry.TargetId, entry.Details));
    }
}
