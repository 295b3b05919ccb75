using System.Text.Json;
using System.Text.Json.Serialization;
using Jobs.Client;
using Jobs.Dashboard.Auth;
using Jobs.Model;

namespace Jobs.Dashboard.Api.Contracts;

/// <summary>A job as a row of a list: <c>GET /api/jobs</c>, <c>GET /api/dead-letter</c> and <c>jobs list --json</c>.</summary>
internal record JobSummaryResponse
{
    /// <summary>The job's id.</summary>
    [JsonPropertyOrder(-1)]
    public required long Id { get; init; }
    /// <summary>The registered job type.</summary>
    [JsonPropertyOrder(-1)]
    public required string Type { get; init; }
    /// <summary>The queue it waits in.</summary>
    [JsonPropertyOrder(-1)]
    public required string Queue { get; init; }
    /// <summary>Its priority.</summary>
    [JsonPropertyOrder(-1)]
    public required JobPriority Priority { get; init; }
    /// <summary>Its life-cycle state.</summary>
    [JsonPropertyOrder(-1)]
    public required JobState State { get; init; }
    /// <summary>When it was enqueued.</summary>
    [JsonPropertyOrder(-1)]
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>When it may run (delayed jobs and retries).</summary>
    [JsonPropertyOrder(-1)]
    public DateTimeOffset? RunAt { get; init; }
    /// <summary>When its latest attempt started.</summary>
    [JsonPropertyOrder(-1)]
    public DateTimeOffset? StartedAt { get; init; }
    /// <summary>When it finished.</summary>
    [JsonPropertyOrder(-1)]
    public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>Attempts so far.</summary>
    [JsonPropertyOrder(-1)]
    public int Attempt { get; init; }
    /// <summary>How many retries a transient failure gets.</summary>
    [JsonPropertyOrder(-1)]
    public int MaxRetries { get; init; }
    /// <summary>How far it has come, while or after it runs.</summary>
    [JsonPropertyOrder(-1)]
    public ProgressResponse? Progress { get; init; }
    /// <summary>Its labels.</summary>
    [JsonPropertyOrder(-1)]
    public IReadOnlyList<string> Tags { get; init; } = [];
    /// <summary>The last error's type and message (the stack trace is on the job's own page).</summary>
    [JsonPropertyOrder(-1)]
    public ErrorResponse? LastError { get; init; }
    /// <summary>Why it is in its state, where there is something to say.</summary>
    [JsonPropertyOrder(-1)]
    public string? Reason { get; init; }

    /// <summary>Maps the engine's row.</summary>
    public static JobSummaryResponse From(JobSummary job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new JobSummaryResponse
        {
            Id = job.Id,
            Type = job.Type,
            Queue = job.Queue,
            Priority = job.Priority,
            State = job.State,
            CreatedAt = job.CreatedAt,
            RunAt = job.RunAt,
            StartedAt = job.StartedAt,
            FinishedAt = job.FinishedAt,
            Attempt = job.Attempt,
            MaxRetries = job.MaxRetries,
            Progress = ProgressResponse.From(job.Progress),
            Tags = job.Tags,
            LastError = job.LastErrorType is null && job.LastErrorMessage is null
                ? null
                : new ErrorResponse(job.LastErrorType ?? "", job.LastErrorMessage ?? "", null, null),
            Reason = job.Reason,
        };
    }
}

/// <summary>Everything about one job: <c>GET /api/jobs/{id}</c>, the body of a 201, and <c>jobs show --json</c>.</summary>
internal sealed record JobDetailsResponse : JobSummaryResponse
{
    /// <summary>The arguments, as JSON.</summary>
    public JsonElement? Args { get; init; }
    /// <summary>The handler's result, as JSON, once it succeeded.</summary>
    public JsonElement? Result { get; init; }
    /// <summary>Free-form key/value pairs kept with the job.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    /// <summary>Its de-duplication key.</summary>
    public string? UniqueKey { get; init; }
    /// <summary>How long one attempt may run.</summary>
    public TimeSpan? Timeout { get; init; }
    /// <summary>Its state transitions, oldest first.</summary>
    public IReadOnlyList<HistoryResponse> History { get; init; } = [];
    /// <summary>Its runs, oldest first, each with its error and stack trace when it failed.</summary>
    public IReadOnlyList<AttemptResponse> Attempts { get; init; } = [];
    /// <summary>What its handler logged.</summary>
    public IReadOnlyList<LogLineResponse> Logs { get; init; } = [];
    /// <summary>The jobs it waits for.</summary>
    public IReadOnlyList<DependencyResponse> DependsOn { get; init; } = [];
    /// <summary>The jobs that wait for it.</summary>
    public IReadOnlyList<DependencyResponse> Dependents { get; init; } = [];
    /// <summary>The node that holds it while it is queued or running there.</summary>
    public string? Owner { get; init; }
    /// <summary>Who changed it and when (enqueue, cancel, retry...), oldest first; the latest <see cref="AuditLimit"/> entries.</summary>
    /// <remarks>Filled by <c>GET /api/jobs/{id}</c> and <c>jobs show</c>; absent from the 201 of a create, which is recorded as it returns.</remarks>
    public IReadOnlyList<AuditEntryResponse>? Audit { get; init; }

    /// <summary>The most audit entries a job's details carry.</summary>
    public const int AuditLimit = 100;

    /// <summary>Maps the engine's details. The last error comes from the latest failed attempt, with its stack trace.</summary>
    public static JobDetailsResponse From(JobDetails job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var summary = JobSummaryResponse.From(job.Summary);
        var lastFailed = job.Attempts.LastOrDefault(a => a.Error is not null)?.Error;
        return new JobDetailsResponse
        {
            Id = summary.Id,
            Type = summary.Type,
            Queue = summary.Queue,
            Priority = summary.Priority,
            State = summary.State,
            CreatedAt = summary.CreatedAt,
            RunAt = summary.RunAt,
            StartedAt = summary.StartedAt,
            FinishedAt = summary.FinishedAt,
            Attempt = summary.Attempt,
            MaxRetries = summary.MaxRetries,
            Progress = summary.Progress,
            Tags = summary.Tags,
            LastError = lastFailed is null ? summary.LastError : ErrorResponse.From(lastFailed),
            Reason = summary.Reason,
            Args = ParseJson(job.Arguments),
            Result = ParseJson(job.Result),
            Metadata = job.Metadata,
            UniqueKey = job.UniqueKey,
            Timeout = job.Timeout,
            History = [.. job.History.Select(h => new HistoryResponse(h.State, h.At, h.Reason))],
            Attempts = [.. job.Attempts.Select(a => new AttemptResponse(a.Number, a.StartedAt, a.FinishedAt, a.Outcome, a.Error is null ? null : ErrorResponse.From(a.Error), a.Node))],
            Logs = [.. job.Logs.Select(l => new LogLineResponse(l.Attempt, l.At, l.Level, l.Message))],
            DependsOn = [.. job.DependsOn.Select(DependencyResponse.From)],
            Dependents = [.. job.Dependents.Select(DependencyResponse.From)],
            Owner = job.Owner,
        };
    }

    private static JsonElement? ParseJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }
}

/// <summary>A snapshot of a job's progress.</summary>
/// <param name="Fraction">From 0 to 1.</param>
/// <param name="Message">What the job says it is doing.</param>
/// <param name="Current">An optional counter.</param>
/// <param name="Total">An optional total for the counter.</param>
internal sealed record ProgressResponse(double Fraction, string? Message, long? Current, long? Total)
{
    /// <summary>Maps the engine's progress; null stays null.</summary>
    public static ProgressResponse? From(JobProgress? progress) =>
        progress is { } p ? new ProgressResponse(p.Fraction, p.Message, p.Current, p.Total) : null;
}

/// <summary>An error a job's attempt ended with.</summary>
/// <param name="Type">The exception's type.</param>
/// <param name="Message">Its message.</param>
/// <param name="StackTrace">The full text with inner exceptions; present on a job's own page only.</param>
/// <param name="Transient">Whether it was judged worth retrying.</param>
internal sealed record ErrorResponse(string Type, string Message, string? StackTrace, bool? Transient)
{
    /// <summary>Maps the engine's error.</summary>
    public static ErrorResponse From(JobError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new ErrorResponse(error.Type, error.Message, error.StackTrace, error.Transient);
    }
}

/// <summary>One state transition.</summary>
internal sealed record HistoryResponse(JobState State, DateTimeOffset At, string? Reason);

/// <summary>One run of a job.</summary>
internal sealed record AttemptResponse(int Number, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, JobState Outcome, ErrorResponse? Error, string? Node);

/// <summary>A line the handler logged.</summary>
internal sealed record LogLineResponse(int Attempt, DateTimeOffset At, LogLevel Level, string Message);

/// <summary>A dependency edge seen from one end.</summary>
internal sealed record DependencyResponse(long JobId, string Type, JobState State, DependencyCondition Condition)
{
    /// <summary>Maps the engine's link.</summary>
    public static DependencyResponse From(JobLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        return new DependencyResponse(link.JobId, link.Type, link.State, link.Condition);
    }
}

/// <summary>A page of jobs: <c>{items, nextCursor}</c>.</summary>
/// <param name="Items">The jobs, newest first.</param>
/// <param name="NextCursor">Pass it back as <c>cursor</c> for the next page; null on the last.</param>
internal sealed record JobPageResponse(IReadOnlyList<JobSummaryResponse> Items, string? NextCursor)
{
    /// <summary>Maps the engine's page.</summary>
    public static JobPageResponse From(JobPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new JobPageResponse([.. page.Items.Select(JobSummaryResponse.From)], page.NextCursor);
    }
}

/// <summary>The dead-letter queue: a page of dead-lettered jobs and the groups they fall into.</summary>
internal sealed record DeadLetterPageResponse(IReadOnlyList<JobSummaryResponse> Items, string? NextCursor, IReadOnlyList<DeadLetterGroup> Groups);

/// <summary>How many jobs a bulk action touched.</summary>
/// <param name="Count">How many.</param>
internal sealed record CountResponse(int Count);

/// <summary>One audit entry as a job's details show it: what was done, by whom, when.</summary>
/// <param name="Action">What, e.g. <c>job.cancel</c>.</param>
/// <param name="Actor">Who: a user name, <c>apikey:&lt;name&gt;</c>, <c>cli</c> or <c>local</c>.</param>
/// <param name="At">When (UTC).</param>
/// <param name="Details">A short addition, e.g. the cancel reason.</param>
internal sealed record AuditEntryResponse(string Action, string Actor, DateTimeOffset At, string? Details)
{
    /// <summary>Maps the log's entries (newest first) to oldest first, like a job's history.</summary>
    public static IReadOnlyList<AuditEntryResponse> Chronological(IEnumerable<AuditEntry> newestFirst)
    {
        ArgumentNullException.ThrowIfNull(newestFirst);
        return [.. newestFirst.Reverse().Select(e => new AuditEntryResponse(e.Action, e.Actor, e.At, e.Details))];
    }
}

/// <summary>A registered job type and the JSON schema of its arguments.</summary>
internal sealed record JobTypeResponse(string Name, JsonElement ArgumentsSchema, bool HasResult);
