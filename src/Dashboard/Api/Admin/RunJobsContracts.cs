using System.Text.Json;
using System.Text.Json.Serialization;

namespace Jobs.Dashboard.Api.Admin;

/// <summary>The optional body of <c>POST /admin/run-jobs</c>, as in the APScheduler seed.</summary>
/// <param name="Tasks">The tasks to run, in order: <c>etl</c>, <c>heatmap</c>. Default: both.</param>
/// <param name="Levels">Heatmap levels. Default: <c>HEATMAP_LEVELS</c> (1,2,3).</param>
/// <param name="Date">The heatmap's date, <c>YYYY-MM-DD</c>. Default: today (UTC).</param>
internal sealed record RunJobsBody(IReadOnlyList<string>? Tasks, IReadOnlyList<string>? Levels, string? Date);

/// <summary>The answer: <c>{"status":"ok","results":[...]}</c>; <c>status</c> is <c>error</c> when any task failed.</summary>
internal sealed record RunJobsResponse(string Status, IReadOnlyList<RunJobsTaskResult> Results);

/// <summary>What one task came to, in the seed's shape: <c>{"status":"ok","job":"heatmap","results":[...]}</c>.</summary>
/// <param name="Status"><c>ok</c> or <c>error</c>.</param>
/// <param name="Job">The task's name.</param>
/// <param name="Results">The heatmap job's result (the seed's list of <c>{level, date, sum}</c>).</param>
/// <param name="Result">Another task's result, when its job returns one.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="JobId">The engine job that ran it (an addition to the seed's shape), for <c>GET /api/jobs/{id}</c>.</param>
internal sealed record RunJobsTaskResult(
    string Status,
    string Job,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Results = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Result = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? JobId = null);
