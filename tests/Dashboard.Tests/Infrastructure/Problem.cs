using System.Net;
using System.Text.Json;

namespace Jobs.Dashboard.Tests.Infrastructure;

/// <summary>Reads an RFC 7807 answer and checks its shape.</summary>
internal static class Problem
{
    /// <summary>Asserts the status and the problem content type, and returns the parsed body.</summary>
    public static async Task<JsonElement> AssertAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(text);
        var body = doc.RootElement.Clone();
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("title").GetString()));
        return body;
    }

    /// <summary>The messages of one field in the problem's <c>errors</c> map.</summary>
    public static IReadOnlyList<string> Errors(JsonElement problem, string field)
    {
        Assert.True(problem.TryGetProperty("errors", out var errors), $"no errors map in {problem}");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no errors.{field} in {errors}");
        return [.. messages.EnumerateArray().Select(m => m.GetString()!)];
    }
}
