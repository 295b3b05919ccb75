using System.Text.RegularExpressions;
using Jobs.Client;
using Jobs.Dashboard.Tests.Infrastructure;
using Jobs.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Jobs.Dashboard.Tests.Browser;

/// <summary>The real app with sign-in on, in Chromium: the first admin from /setup, the access page, and what a viewer and an operator may do.</summary>
public sealed class SignedInBrowserTests : IClassFixture<SignedInBrowserTests.Fixture>
{
    private const string AdminPassword = "Admin-Passw0rd!";
    private readonly Fixture _fixture;

    public SignedInBrowserTests(Fixture fixture)
    {
        _fixture = fixture;
        SetDefaultExpectTimeout(20_000);
    }

    /// <summary>The app with sign-in on and no users yet, on a loopback port, and one headless Chromium.</summary>
    public sealed class Fixture() : ChromiumFixture<SignedInKestrelFactory>(new SignedInKestrelFactory().Start())
    {
        protected override Uri BaseAddress => App.BaseAddress;
    }

    [Fact]
    public async Task FirstAdmin_CreatesUsersAndKey_ViewerCannotCancel_OperatorCan()
    {
        var ct = TestContext.Current.CancellationToken;
        var jobs = _fixture.App.Services.GetRequiredService<IJobClient>();
        var waiting = await jobs.EnqueueAsync(new JobRequest { Type = "noop", Delay = TimeSpan.FromDays(1), Queue = "browser-auth" }, ct);

        // Anonymous: the dashboard sends the browser to the sign-in page.
        var admin = await _fixture.NewPageAsync();
        await admin.GotoAsync("/jobs");
        await Expect(admin).ToHaveURLAsync(new Regex("/signin"));
        await admin.ScreenshotAsync("signin");

        // The first admin, through /setup (loopback, no user yet), is signed in at once.
        await admin.GotoAsync("/setup");
        await admin.Locator("input[name=userName]").FillAsync("root");
        await admin.Locator("input[name=password]").FillAsync(AdminPassword);
        await admin.Locator("input[name=confirmPassword]").FillAsync(AdminPassword);
        await admin.Locator("button[type=submit]").ClickAsync();
        await admin.WaitForInteractiveAsync();
        await Expect(admin.Locator("#user-name")).ToHaveTextAsync("root");
        await Expect(admin.Locator("#user-role")).ToHaveTextAsync("admin");

        // The access page: a viewer, an operator and an API key whose secret is shown once.
        await admin.Locator("a[href='/admin/access']").ClickAsync();
        await Expect(admin.Locator("#users-table")).ToContainTextAsync("root");
        await AddUserAsync(admin, "vic", "viewer");
        await AddUserAsync(admin, "otto", "operator");
        await admin.Locator("#apikey-name").FillAsync("ci-deploy");
        await admin.SelectAsync("apikey-role", "operator");
        await admin.Locator("#apikey-create").ClickAsync();
        await Expect(admin.Locator("#apikey-secret")).ToHaveTextAsync(new Regex("^jobs_[0-9a-f]{16}_"));
        await Expect(admin.Locator("tr.apikey-row[data-name='ci-deploy'] .apikey-last-used")).ToHaveTextAsync("never");
        await admin.ScreenshotAsync("access");

        // A viewer sees the job but every action disabled, and no admin entry.
        var viewer = await SignInAsync("vic");
        await viewer.OpenAsync("/jobs");
        var row = viewer.Locator($"tr.job-{waiting.JobId}");
        await Expect(row.Locator(".job-state")).ToHaveTextAsync("Scheduled");
        await Expect(row.Locator(".row-cancel")).ToBeDisabledAsync();
        await Expect(viewer.Locator("#enqueue-open")).ToBeDisabledAsync();
        await Expect(viewer.Locator("#user-role")).ToHaveTextAsync("viewer");
        await Expect(viewer.Locator("a[href='/admin/access']")).ToHaveCountAsync(0);
        await viewer.ScreenshotAsync("jobs-viewer");
        await viewer.OpenAsync("/admin/access");
        await Expect(viewer.Locator(".not-allowed")).ToContainTextAsync("Your role may not open this page");
        await Expect(viewer.Locator("#users-table")).ToHaveCountAsync(0);

        // An operator cancels it; the job's Activity says who.
        var operatorPage = await SignInAsync("otto");
        await operatorPage.OpenAsync("/jobs");
        row = operatorPage.Locator($"tr.job-{waiting.JobId}");
        await row.Locator(".row-cancel").ClickAsync();
        await operatorPage.Locator(".mud-dialog").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = $"Cancel job #{waiting.JobId}" }).ClickAsync();
        await Expect(row.Locator(".job-state")).ToHaveTextAsync("Cancelled");
        await operatorPage.OpenAsync($"/jobs/{waiting.JobId}");
        await Expect(operatorPage.Locator("#job-activity tr.activity-entry[data-action='job.cancel'] .activity-actor")).ToHaveTextAsync("otto");
        await operatorPage.ScreenshotAsync("job-detail-activity");

        // Sign out from the layout (a form post with the circuit's antiforgery token): back to the sign-in page.
        Assert.Equal(1, await operatorPage.Locator("#signout-form input[type=hidden][name=__RequestVerificationToken]").CountAsync());
        await operatorPage.Locator("#signout").ClickAsync();
        await Expect(operatorPage).ToHaveURLAsync(new Regex("/signin"));
        await operatorPage.GotoAsync("/jobs");
        await Expect(operatorPage).ToHaveURLAsync(new Regex("/signin"));

        var stored = await _fixture.App.Services.GetRequiredService<IJobQueries>().GetAsync(waiting.JobId, ct);
        Assert.Equal(JobState.Cancelled, stored?.Summary.State);
    }

    private static async Task AddUserAsync(IPage admin, string name, string role)
    {
        await admin.Locator("#user-new-name").FillAsync(name);
        await admin.SelectAsync("user-new-role", role);
        await admin.Locator("#user-new-password").FillAsync(AuthHttp.Password);
        await admin.Locator("#user-add").ClickAsync();
        await Expect(admin.Locator($"tr.user-row[data-name='{name}'] .user-role")).ToHaveTextAsync(role);
    }

    private async Task<IPage> SignInAsync(string userName)
    {
        var page = await _fixture.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.Locator("input[name=userName]").FillAsync(userName);
        await page.Locator("input[name=password]").FillAsync(AuthHttp.Password);
        await page.Locator("button[type=submit]").ClickAsync();
        await page.WaitForInteractiveAsync();
        return page;
    }
}
