using System.Net;
using System.Text;
using System.Text.Json;

namespace Jobs.Dashboard.Tests.Api;

/// <summary>Small helpers for reading the API's JSON answers.</summary>
internal static class ApiTestHttp
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Uri Url(string path) => new(path, UriKind.Relative);

    public static StringContent RawJson(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Asserts the status and returns the parsed body.</summary>
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }
}
