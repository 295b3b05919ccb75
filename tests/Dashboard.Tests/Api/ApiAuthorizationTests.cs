using System.Globalization;
using System.Net;
using System.Text;
using Jobs.Dashboard.Auth;
using Jobs.Dashboard.Tests.Infrastructure;
using static Jobs.Dashboard.Tests.Api.ApiTestHttp;

namespace Jobs.Dashboard.Tests.Api;

/// <summary>
/// Every REST route group of the real app with sign-in on: 401 without credentials, and per role (with a cookie from
/// the sign-in form, a Bearer key and an x-api-key) either the route's own answer or 403.
/// </summary>
/// <remarks>
/// An allowed request gets the route's real answer, so "allowed" is an exact status, not merely "not 403": reads
/// answer 200, changes aimed at an unknown job 404, bulk changes that touch nothing 200, bad admin input 400.
/// </remarks>
public sealed class ApiAuthorizationTests(AuthApiFactory app) : IClassFixture<AuthApiFactory>
{
    private const string UnknownJob = "/api/jobs/987654321";

    /// <summary>A route, the least role it needs, and what it answers to that role. <c>{job}</c> is an existing waiting job.</summary>
    public sealed record Route(string Method, string Path, string? Body, string LeastRole, HttpStatusCode Allowed)
    {
        public override string ToString() => $"{Method} {Path}";
    }

    private static readonly Route[] Routes =
    [
        // Viewer: reads.
        new("GET", "/api/jobs", null, JobsRoles.Viewer, HttpStatusCode.OK),
        new("GET", "/api/jobs/{job}", null, JobsRoles.Viewer, HttpStatusCode.OK),
        new("GET", "/api/dead-letter", null, JobsRoles.Viewer, HttpStatusCode.OK),
        new("GET", "/api/metrics/summary", null, JobsRoles.Viewer, HttpStatusCode.OK),
        new("GET", "/api/job-types", null, JobsRoles.Viewer, HttpStatusCode.OK),
        new("GET", "/api/nodes", null, JobsRoles.Viewer, HttpStatusCode.OK),
        new("GET", "/api/audit?targetType=job&targetId=1", null, JobsRoles.Viewer, HttpStatusCode.OK),
        new("GET", "/api/jobs/{job}/artifacts", null, JobsRoles.Viewer, HttpStatusCode.OK),
        new("GET", "/api/schedules", null, JobsRoles.Viewer, HttpStatusCode.OK),
        new("GET", "/api/schedules/preview?every=15m", null, JobsRoles.Viewer, HttpStatusCode.OK),
        new("GET", "/api/schedules/no-such-schedule", null, JobsRoles.Viewer, HttpStatusCode.NotFound),
        new("GET", "/api/schedules/no-such-schedule/runs", null, JobsRoles.Viewer, HttpStatusCode.NotFound),
        // Operator: enqueue, cancel, retry, delete, dead-letter retry and purge.
        new("POST", "/api/jobs", "{\"type\":\"noop\",\"delay\":\"1d\"}", JobsRoles.Operator, HttpStatusCode.Created),
        new("POST", UnknownJob + "/cancel", null, JobsRoles.Operator, HttpStatusCode.NotFound),
        new("POST", UnknownJob + "/retry", null, JobsRoles.Operator, HttpStatusCode.NotFound),
        new("DELETE", UnknownJob, null, JobsRoles.Operator, HttpStatusCode.NotFound),
        new("POST", "/api/dead-letter/retry", "{\"ids\":[987654321]}", JobsRoles.Operator, HttpStatusCode.OK),
        new("DELETE", "/api/dead-letter?olderThan=3650d", null, JobsRoles.Operator, HttpStatusCode.OK),
        new("POST", "/api/pipelines", "{\"name\":\"auth\",\"steps\":[{\"name\":\"wait\",\"type\":\"noop\"}]}", JobsRoles.Operator, HttpStatusCode.Created),
        new("POST", "/api/schedules/no-such-schedule/trigger", null, JobsRoles.Operator, HttpStatusCode.NotFound),
        // Admin: schedule edits.
        new("POST", "/api/schedules", "{\"name\":\"\"}", JobsRoles.Admin, HttpStatusCode.BadRequest),
        new("PUT", "/api/schedules/no-such-schedule", "{\"name\":\"no-such-schedule\",\"jobType\":\"noop\",\"every\":\"15m\"}", JobsRoles.Admin, HttpStatusCode.NotFound),
        new("DELETE", "/api/schedules/no-such-schedule", null, JobsRoles.Admin, HttpStatusCode.NotFound),
        new("POST", "/api/schedules/no-such-schedule/pause", null, JobsRoles.Admin, HttpStatusCode.NotFound),
        new("POST", "/api/schedules/no-such-schedule/resume", null, JobsRoles.Admin, HttpStatusCode.NotFound),
        // Admin: users and API keys.
        new("GET", "/api/apikeys", null, JobsRoles.Admin, HttpStatusCode.OK),
        new("POST", "/api/apikeys", "{\"name\":\"\",\"role\":\"\"}", JobsRoles.Admin, HttpStatusCode.BadRequest),
        new("DELETE", "/api/apikeys/nobody", null, JobsRoles.Admin, HttpStatusCode.NotFound),
        new("GET", "/api/users", null, JobsRoles.Admin, HttpStatusCode.OK),
        new("POST", "/api/users", "{\"userName\":\"\",\"role\":\"viewer\",\"password\":\"\"}", JobsRoles.Admin, HttpStatusCode.BadRequest),
        new("DELETE", "/api/users/nobody", null, JobsRoles.Admin, HttpStatusCode.NotFound),
    ];

    // Theory data names a route by "METHOD path" so that each case shows (and reruns) on its own.
    public static TheoryData<string> Anonymous => [.. Routes.Select(r => r.ToString())];

    public static TheoryData<string, string, Credential> SignedIn()
    {
        var data = new TheoryData<string, string, Credential>();
        foreach (var route in Routes)
        {
            foreach (var role in JobsRoles.All)
            {
                foreach (var credential in Enum.GetValues<Credential>())
                {
                    data.Add(route.ToString(), role, credential);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Anonymous))]
    public async Task Route_Answers401_WhenAnonymous(string name)
    {
        var route = Find(name);
        using var client = app.Anonymous();

        using var response = await client.SendAsync(Request(route), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(SignedIn))]
    public async Task Route_AnswersOrRefuses403_ByRole(string name, string role, Credential credential)
    {
        var route = Find(name);
        using var client = app.Client(role, credential);

        using var response = await client.SendAsync(Request(route), Ct);

        var expected = Rank(role) >= Rank(route.LeastRole) ? route.Allowed : HttpStatusCode.Forbidden;
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(expected == response.StatusCode, $"{route} as {role} ({credential}): expected {(int)expected}, got {(int)response.StatusCode}: {body}");
    }

    [Theory]
    [InlineData(Credential.Cookie)]
    [InlineData(Credential.Bearer)]
    [InlineData(Credential.XApiKey)]
    public async Task Cancel_LeavesTheJobWaiting_WhenAViewerTries(Credential credential)
    {
        using var viewer = app.Client(JobsRoles.Viewer, credential);
        var path = string.Create(CultureInfo.InvariantCulture, $"/api/jobs/{app.WaitingJobId}");

        using var refused = await viewer.PostAsync(Url(path + "/cancel"), null, Ct);
        using var deleteRefused = await viewer.DeleteAsync(Url(path), Ct);
        using var after = await viewer.GetAsync(Url(path), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, deleteRefused.StatusCode);
        var job = await JsonAsync(after, HttpStatusCode.OK);
        Assert.Equal("scheduled", job.GetProperty("state").GetString());
        Assert.DoesNotContain(job.GetProperty("audit").EnumerateArray(), e => e.GetProperty("action").GetString() != AuditActions.JobEnqueue);
    }

    private static Route Find(string name) => Routes.Single(r => r.ToString() == name);

    private HttpRequestMessage Request(Route route)
    {
        var path = route.Path.Replace("{job}", app.WaitingJobId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var request = new HttpRequestMessage(new HttpMethod(route.Method), Url(path));
        if (route.Body is not null)
        {
            request.Content = new StringContent(route.Body, Encoding.UTF8, "application/json");
        }

        return request;
    }

    private static int Rank(string role) => role switch
    {
        JobsRoles.Viewer => 1,
        JobsRoles.Operator => 2,
        JobsRoles.Admin => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };
}
