using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Jobs.Model;
using Jobs.Scheduling.Model;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Jobs.Dashboard.Api.Problems;

/// <summary>Reads a route's JSON body itself, so malformed JSON and oversized bodies get a problem detail that says what is wrong.</summary>
/// <remarks>
/// Minimal APIs answer a body they cannot bind with a bare 400 and log the reason on the server only; a caller
/// needs the reason (which field, which character), so the routes that take a body read it here.
/// </remarks>
internal sealed partial class JsonBody(IOptions<JsonOptions> json)
{
    private readonly JsonSerializerOptions _options = json.Value.SerializerOptions;

    /// <summary>Reads the body as <typeparamref name="T"/>. An empty body gives <paramref name="whenEmpty"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="maxBytes">The largest body accepted; larger ones are 413.</param>
    /// <param name="whenEmpty">The value for an empty body, or null when a body is required.</param>
    /// <param name="cancellationToken">The request's token.</param>
    public async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, long maxBytes, T? whenEmpty, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            return (null, ApiProblems.TooLarge(maxBytes));
        }

        if (request.ContentLength is not 0 && !string.IsNullOrEmpty(request.ContentType) && !request.HasJsonContentType())
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: $"Send the body as application/json (was {request.ContentType})."));
        }

        // Read into memory with a running count, so a chunked body without Content-Length is held to the limit too.
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (null, ApiProblems.TooLarge(maxBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0 || IsWhiteSpace(buffer))
        {
            return whenEmpty is null ? (null, ApiProblems.MalformedJson("A JSON body is required.", null)) : (whenEmpty, null);
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), _options);
            return value is null
                ? whenEmpty is null ? (null, ApiProblems.MalformedJson("The body is JSON null; an object is required.", null)) : (whenEmpty, null)
                : (value, null);
        }
        catch (JsonException ex)
        {
            var field = FieldOf(ex.Path);
            return (null, ApiProblems.MalformedJson(Describe(ex, field), field));
        }
    }

    private static bool IsWhiteSpace(MemoryStream buffer)
    {
        foreach (var b in buffer.GetBuffer().AsSpan(0, (int)buffer.Length))
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }

    // The serializer names .NET types ("System.Nullable`1[Jobs.Model.JobPriority]"); say what the field accepts instead.
    private static string Describe(JsonException ex, string? field)
    {
        var match = ConversionFailure().Match(ex.Message);
        if (field is null || !match.Success)
        {
            return ex.Message;
        }

        var typeName = match.Groups["type"].Value;
        if (typeName.StartsWith("System.Nullable`1[", StringComparison.Ordinal))
        {
            typeName = typeName["System.Nullable`1[".Length..^1];
        }

        var type = Type.GetType(typeName) ?? typeof(JobPriority).Assembly.GetType(typeName) ?? typeof(ScheduleMisfirePolicy).Assembly.GetType(typeName);
        var expected = type switch
        {
            { IsEnum: true } => "one of " + string.Join(", ", EnumNames(type)),
            _ when type == typeof(int) || type == typeof(long) => "a whole number",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(string) => "a string",
            _ when type == typeof(DateTimeOffset) => "an ISO 8601 date and time",
            _ => typeName.StartsWith("System.Collections", StringComparison.Ordinal) ? "a JSON array" : "a value of another kind",
        };
        return $"'{field}' must be {expected} ({ex.Message})";
    }

    // The names JSON accepts: a member's [JsonStringEnumMemberName] ("fire-once"), else its camelCase name.
    private static IEnumerable<string> EnumNames(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static).Select(f =>
            f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? char.ToLowerInvariant(f.Name[0]) + f.Name[1..]);

    [GeneratedRegex(@"could not be converted to (?<type>\S+)\. Path:")]
    private static partial Regex ConversionFailure();

    // "$.dependsOn[0].condition" -> "dependsOn[0].condition"; "$" (the whole body) -> null.
    private static string? FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
}
