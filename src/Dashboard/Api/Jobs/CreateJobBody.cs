using System.Text;
using System.Text.Json;
using Jobs.Dashboard.Api.Contracts;
using Jobs.Model;

namespace Jobs.Dashboard.Api.Jobs;

/// <summary>The body of <c>POST /api/jobs</c>.</summary>
internal sealed record CreateJobBody
{
    /// <summary>The registered job type, for example <c>etl</c>.</summary>
    public string? Type { get; init; }
    /// <summary>The arguments: any JSON value the type's handler accepts (usually an object).</summary>
    public JsonElement? Args { get; init; }
    /// <summary><c>low</c>, <c>normal</c> (default), <c>high</c> or <c>critical</c>.</summary>
    public JobPriority? Priority { get; init; }
    /// <summary>The queue; <c>default</c> when absent.</summary>
    public string? Queue { get; init; }
    /// <summary>Run no earlier than this time (ISO 8601). Not with <see cref="Delay"/>.</summary>
    public DateTimeOffset? RunAt { get; init; }
    /// <summary>Run no earlier than this long from now: <c>30s</c>, <c>15m</c>, <c>00:00:30</c>.</summary>
    public string? Delay { get; init; }
    /// <summary>Retries after a transient failure; the engine's default (3) when absent.</summary>
    public int? MaxRetries { get; init; }
    /// <summary>Longest an attempt may run: <c>30s</c>, <c>1h</c>, <c>00:00:30</c>.</summary>
    public string? Timeout { get; init; }
    /// <summary>Labels to filter by.</summary>
    public IReadOnlyList<string>? Tags { get; init; }
    /// <summary>Free-form key/value pairs kept with the job.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    /// <summary>Jobs this one waits for.</summary>
    public IReadOnlyList<DependencyBody>? DependsOn { get; init; }
    /// <summary>While a job with this key is unfinished, enqueueing another returns it instead.</summary>
    public string? UniqueKey { get; init; }

    /// <summary>How many bytes of UTF-8 the arguments take.</summary>
    public int ArgumentsBytes => Args is { ValueKind: not JsonValueKind.Undefined } a ? Encoding.UTF8.GetByteCount(a.GetRawText()) : 0;

    /// <summary>Turns the body into the engine's request; the field errors the engine cannot see (durations, conditions) go to <paramref name="errors"/>.</summary>
    public JobRequest? ToRequest(Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        TimeSpan? delay = null;
        TimeSpan? timeout = null;
        if (Delay is not null)
        {
            if (DurationText.TryParse(Delay, out var d)) { delay = d; }
            else { errors["delay"] = [$"'{Delay}' is not a duration: use {DurationText.Format}."]; }
        }

        if (Timeout is not null)
        {
            if (DurationText.TryParse(Timeout, out var t)) { timeout = t; }
            else { errors["timeout"] = [$"'{Timeout}' is not a duration: use {DurationText.Format}."]; }
        }

        var dependencies = new List<JobDependency>();
        for (var i = 0; i < (DependsOn?.Count ?? 0); i++)
        {
            var edge = DependsOn![i];
            if (edge?.JobId is not { } id)
            {
                errors[$"dependsOn[{i}].jobId"] = ["A dependency needs the id of the job it waits for."];
            }
            else if (!DependencyText.TryParse(edge.Condition, out var condition))
            {
                errors[$"dependsOn[{i}].condition"] = [$"'{edge.Condition}' is not a condition: use {DependencyText.Words}."];
            }
            else
            {
                dependencies.Add(JobDependency.On(id, condition));
            }
        }

        if (errors.Count > 0)
        {
            return null;
        }

        return new JobRequest
        {
            Type = Type ?? "",
            Arguments = Args is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } a ? a.GetRawText() : null,
            Priority = Priority ?? JobPriority.Normal,
            Queue = Queue,
            RunAt = RunAt,
            Delay = delay,
            MaxRetries = MaxRetries,
            Timeout = timeout,
            Tags = Tags,
            Metadata = Metadata,
            DependsOn = dependencies.Count > 0 ? dependencies : null,
            UniqueKey = UniqueKey,
        };
    }
}

/// <summary>One dependency of a new job.</summary>
/// <param name="JobId">The job waited for.</param>
/// <param name="Condition"><c>success</c> (default), <c>completion</c> or <c>failure</c>.</param>
internal sealed record DependencyBody(long? JobId, string? Condition);

/// <summary>The optional body of <c>POST /api/jobs/{id}/cancel</c>.</summary>
/// <param name="Reason">Kept in the job's history.</param>
internal sealed record CancelJobBody(string? Reason);

/// <summary>The answer to cancel and retry: the job's state afterwards and what happened.</summary>
/// <param name="Id">The job.</param>
/// <param name="State">Its state after the action.</param>
/// <param name="Message">What happened, for example that a running job was asked to stop.</param>
internal sealed record JobActionResponse(long Id, JobState? State, string? Message);
