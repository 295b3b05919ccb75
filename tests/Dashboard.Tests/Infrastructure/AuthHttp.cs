using System.Net;
using System.Text.RegularExpressions;

namespace Jobs.Dashboard.Tests.Infrastructure;

/// <summary>HTTP helpers for sign-in tests: a cookie-keeping client that does not follow redirects, and the sign-in form posted as a browser posts it.</summary>
internal static partial class AuthHttp
{
    /// <summary>The password every test user gets (meets Identity's default rules).</summary>
    public const string Password = "Test-Passw0rd!";

    public static HttpClient CreateClient(Uri baseAddress) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>GETs <paramref name="path"/> and returns the antiforgery token of its form.</summary>
    public static async Task<string> FormTokenAsync(HttpClient client, string path)
    {
        var ct = TestContext.Current.CancellationToken;
        using var page = await client.GetAsync(new Uri(path, UriKind.Relative), ct);
        var html = await page.Content.ReadAsStringAsync(ct);
        var match = TokenField().Match(html);
        Assert.True(match.Success, $"No antiforgery field in {path} ({(int)page.StatusCode}): {html}");
        return WebUtility.HtmlDecode(match.Groups["token"].Value);
    }

    /// <summary>Posts <paramref name="fields"/> with the form's antiforgery token to <paramref name="path"/>.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string formPath, string path, params (string Name, string Value)[] fields)
    {
        var token = await FormTokenAsync(client, formPath);
        var values = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).Append(new("__RequestVerificationToken", token));
        using var content = new FormUrlEncodedContent(values);
        return await client.PostAsync(new Uri(path, UriKind.Relative), content, TestContext.Current.CancellationToken);
    }

    /// <summary>Signs in through the real form; returns the response to the POST.</summary>
    public static Task<HttpResponseMessage> SignInAsync(HttpClient client, string userName, string password = Password, string returnUrl = "/") =>
        PostFormAsync(client, "/signin", "/signin", ("userName", userName), ("password", password), ("returnUrl", returnUrl));

    /// <summary>A GET as a browser navigating to a page sends it.</summary>
    public static HttpRequestMessage BrowserGet(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");
        return request;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex TokenField();
}
