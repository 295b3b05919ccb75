using System.CommandLine;
using System.Globalization;
using System.Text;
using Jobs.Client;
using Jobs.Dashboard.Api.Audit;
using Jobs.Dashboard.Api.Contracts;
using Jobs.Dashboard.Api.JobTypes;
using Jobs.Dashboard.Auth;
using Jobs.Model;

namespace Jobs.Dashboard.Cli;

/// <summary>The <c>jobs</c> verb group: enqueue, types, list, show, cancel, retry, cleanup.</summary>
/// <remarks>Enqueue, cancel, retry and cleanup are recorded in the audit log as <c>cli</c> (<see cref="CliAudit"/>); show prints a job's entries.</remarks>
internal static class JobsCommand
{
    private static readonly string[] Priorities = ["low", "normal", "high", "critical"];

    /// <summary>Builds the group.</summary>
    public static Command Create(CliEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var jobs = new Command("jobs", "Enqueue, inspect and control jobs in the store");
        jobs.Subcommands.Add(Enqueue(engine));
        jobs.Subcommands.Add(Types(engine));
        jobs.Subcommands.Add(List(engine));
        jobs.Subcommands.Add(Show(engine));
        jobs.Subcommands.Add(Cancel(engine));
        jobs.Subcommands.Add(Retry(engine));
        jobs.Subcommands.Add(Cleanup(engine));
        return jobs;
    }

    private static Command Enqueue(CliEngine engine)
    {
        var type = new Argument<string>("type") { Description = "The registered job type (see 'jobs types')" };
        var args = new Option<string?>("--args") { Description = "The arguments as JSON, for example '{\"n\":3}'", HelpName = "JSON" };
        var priority = new Option<string>("--priority") { Description = "How urgent", DefaultValueFactory = _ => "normal" };
        priority.AcceptOnlyFromAmong(Priorities);
        var queue = new Option<string?>("--queue") { Description = "The queue (default: default)", HelpName = "Q" };
        var delay = CliOptions.Duration("--delay", "Run no earlier than this long from now (30s, 15m, 2h)");
        var maxRetries = new Option<int?>("--max-retries") { Description = "Retries after a transient failure (default: JobEngine:MaxRetries)", HelpName = "N" };
        var timeout = CliOptions.Duration("--timeout", "Longest one attempt may run");
        var tags = new Option<string[]>("--tag") { Description = "A label; repeat for several", HelpName = "T", AllowMultipleArgumentsPerToken = false };
        var dependsOn = new Option<string[]>("--depends-on") { Description = "Wait for a job: ID[:success|completion|failure]; repeat for several", HelpName = "ID[:COND]" };
        var uniqueKey = new Option<string?>("--unique-key") { Description = "While a job with this key is unfinished, return it instead of enqueueing another", HelpName = "KEY" };

        var command = new Command("enqueue", "Enqueue a job and print its id") { type, args, priority, queue, delay, maxRetries, timeout, tags, dependsOn, uniqueKey };
        command.SetAction(async (parse, ct) =>
        {
            var dependencies = new List<JobDependency>();
            foreach (var edge in parse.GetValue(dependsOn) ?? [])
            {
                if (!DependencyText.TryParseEdge(edge, out var dependency))
                {
                    throw new CliUsageException($"--depends-on '{edge}' is not ID[:{DependencyText.Words.Replace(" or ", "|", StringComparison.Ordinal).Replace(", ", "|", StringComparison.Ordinal)}].");
                }

                dependencies.Add(dependency);
            }

            var request = new JobRequest
            {
                Type = parse.GetRequiredValue(type),
                Arguments = parse.GetValue(args),
                Priority = Enum.Parse<JobPriority>(parse.GetValue(priority)!, ignoreCase: true),
                Queue = parse.GetValue(queue),
                Delay = parse.GetValue(delay),
                MaxRetries = parse.GetValue(maxRetries),
                Timeout = parse.GetValue(timeout),
                Tags = parse.GetValue(tags) is { Length: > 0 } t ? t : null,
                DependsOn = dependencies.Count > 0 ? dependencies : null,
                UniqueKey = parse.GetValue(uniqueKey),
            };
            var services = await engine.StartAsync(parse, ct);
            var result = await services.GetRequiredService<IJobClient>().EnqueueAsync(request, ct);
            if (!result.Existing)
            {
                await CliAudit.RecordAsync(services, AuditActions.JobEnqueue, AuditTargets.Job, AuditDetails.JobId(result.JobId), AuditDetails.Enqueued(request.Type));
            }

            var output = new CliOutput(parse);
            await output.WriteAsync(
                new { id = result.JobId, state = result.State, existing = result.Existing },
                () => result.JobId.ToString(CultureInfo.InvariantCulture));
            return CliExitCodes.Ok;
        });
        return command;
    }

    private static Command Types(CliEngine engine)
    {
        var command = new Command("types", "List the registered job types with the JSON schema of their arguments");
        command.SetAction(async (parse, ct) =>
        {
            var services = await engine.StartAsync(parse, ct);
            var types = services.GetRequiredService<JobTypeCatalog>().All;
            await new CliOutput(parse).WriteAsync(types, () => CliOutput.Table(
                ["TYPE", "RESULT", "ARGUMENTS SCHEMA"],
                types.Select(t => (IReadOnlyList<string>)[t.Name, t.HasResult ? "yes" : "no", t.ArgumentsSchema.GetRawText()])));
            return CliExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CliEngine engine)
    {
        var status = new Option<string?>("--status") { Description = $"Only jobs in this state ({JobStateText.Names})", HelpName = "S" };
        var type = new Option<string?>("--type") { Description = "Only jobs of this type", HelpName = "T" };
        var queue = new Option<string?>("--queue") { Description = "Only jobs in this queue", HelpName = "Q" };
        var tag = new Option<string?>("--tag") { Description = "Only jobs with this tag", HelpName = "T" };
        var search = new Option<string?>("--search") { Description = "Free text in the type, queue, id, arguments or last error", HelpName = "TEXT" };
        var limit = new Option<int>("--limit") { Description = "Most jobs to show, 1 to 500", DefaultValueFactory = _ => 50, HelpName = "N" };
        var cursor = new Option<string?>("--cursor") { Description = "Continue after the previous page (its nextCursor)", HelpName = "C" };
        var command = new Command("list", "List jobs, newest first") { status, type, queue, tag, search, limit, cursor };
        command.SetAction(async (parse, ct) =>
        {
            var filter = ReadFilter(parse.GetValue(status), parse.GetValue(type), parse.GetValue(queue), parse.GetValue(tag), parse.GetValue(search));
            var size = ReadLimit(parse.GetValue(limit));
            var services = await engine.StartAsync(parse, ct);
            var page = JobPageResponse.From(await services.GetRequiredService<IJobQueries>().ListAsync(filter, parse.GetValue(cursor), size, ct));
            await new CliOutput(parse).WriteAsync(page, () => JobTable(page.Items, page.NextCursor));
            return CliExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CliEngine engine)
    {
        var id = new Argument<long>("id") { Description = "The job's id" };
        var command = new Command("show", "Show one job: state, progress, attempts, last error with stack trace, dependencies, who changed it (audit)") { id };
        command.SetAction(async (parse, ct) =>
        {
            var jobId = parse.GetValue(id);
            var services = await engine.StartAsync(parse, ct);
            var details = await services.GetRequiredService<IJobQueries>().GetAsync(jobId, ct)
                ?? throw new CliFailureException(string.Create(CultureInfo.InvariantCulture, $"Job {jobId} not found."));
            var audit = await services.GetRequiredService<IAuditLog>().ListForTargetAsync(AuditTargets.Job, AuditDetails.JobId(jobId), JobDetailsResponse.AuditLimit, ct);
            var job = JobDetailsResponse.From(details) with { Audit = AuditEntryResponse.Chronological(audit) };
            await new CliOutput(parse).WriteAsync(job, () => Describe(job));
            return CliExitCodes.Ok;
        });
        return command;
    }

    private static Command Cancel(CliEngine engine)
    {
        var id = new Argument<long>("id") { Description = "The job's id" };
        var reason = new Option<string?>("--reason") { Description = "Kept in the job's history", HelpName = "TEXT" };
        var command = new Command("cancel", "Cancel a waiting or running job") { id, reason };
        command.SetAction(async (parse, ct) =>
        {
            var jobId = parse.GetValue(id);
            var services = await engine.StartAsync(parse, ct);
            var why = parse.GetValue(reason) ?? "Cancelled from the CLI.";
            var result = await services.GetRequiredService<IJobClient>().CancelAsync(jobId, why, ct);
            return await ReportAsync(parse, services, jobId, result, "cancelled", AuditActions.JobCancel, AuditDetails.Cancelled(why));
        });
        return command;
    }

    private static Command Retry(CliEngine engine)
    {
        var id = new Argument<long>("id") { Description = "The job's id" };
        var command = new Command("retry", "Run a failed, dead-lettered or cancelled job again") { id };
        command.SetAction(async (parse, ct) =>
        {
            var jobId = parse.GetValue(id);
            var services = await engine.StartAsync(parse, ct);
            var result = await services.GetRequiredService<IJobClient>().RetryAsync(jobId, ct);
            return await ReportAsync(parse, services, jobId, result, "requeued", AuditActions.JobRetry);
        });
        return command;
    }

    private static Command Cleanup(CliEngine engine)
    {
        var days = new Option<int>("--retention-days") { Description = "Delete finished jobs (succeeded, dead-lettered, cancelled) older than this many days", Required = true, HelpName = "N" };
        var command = new Command("cleanup", "Delete finished jobs older than the retention") { days };
        command.SetAction(async (parse, ct) =>
        {
            var retention = parse.GetValue(days);
            if (retention < 0)
            {
                throw new CliUsageException($"--retention-days must be 0 or more (was {retention}).");
            }

            var services = await engine.StartAsync(parse, ct);
            var before = services.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(-retention);
            var deleted = await services.GetRequiredService<IJobClient>().DeleteFinishedAsync(before, ct);
            if (deleted > 0)
            {
                await CliAudit.RecordAsync(services, AuditActions.JobCleanup, AuditTargets.Job, targetId: null, AuditDetails.CleanedUp(deleted, retention));
            }

            await new CliOutput(parse).WriteAsync(new CountResponse(deleted),
                () => string.Create(CultureInfo.InvariantCulture, $"Deleted {deleted} finished jobs older than {retention} days."));
            return CliExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Reads list filters, refusing an unknown state.</summary>
    internal static JobFilter ReadFilter(string? status, string? type, string? queue, string? tag, string? search)
    {
        JobState? state = null;
        if (status is not null)
        {
            state = JobStateText.TryParse(status, out var s) ? s : throw new CliUsageException($"--status '{status}' is not a job state: use {JobStateText.Names}.");
        }

        return new JobFilter { State = state, Type = type, Queue = queue, Tag = tag, Text = search };
    }

    /// <summary>Checks a page size.</summary>
    internal static int ReadLimit(int limit) =>
        limit is >= 1 and <= 500 ? limit : throw new CliUsageException($"--limit must be from 1 to 500 (was {limit}).");

    /// <summary>A table of jobs and, when there is more, how to get it.</summary>
    internal static string JobTable(IReadOnlyList<JobSummaryResponse> jobs, string? nextCursor)
    {
        if (jobs.Count == 0)
        {
            return "No jobs.";
        }

        var table = CliOutput.Table(
            ["ID", "TYPE", "STATE", "QUEUE", "PRIORITY", "ATTEMPT", "CREATED", "ERROR"],
            jobs.Select(j => (IReadOnlyList<string>)
            [
                j.Id.ToString(CultureInfo.InvariantCulture), j.Type, JobStateText.ToText(j.State), j.Queue,
                j.Priority.ToString().ToLowerInvariant(), j.Attempt.ToString(CultureInfo.InvariantCulture), CliOutput.Time(j.CreatedAt),
                j.LastError is { } e ? $"{e.Type}: {e.Message}".ReplaceLineEndings(" ") : "",
            ]));
        return nextCursor is null ? table : $"{table}\nMore: --cursor {nextCursor}";
    }

    private static string Describe(JobDetailsResponse job)
    {
        var text = new StringBuilder();
        void Field(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                text.Append(CultureInfo.InvariantCulture, $"{name,-13}").AppendLine(value);
            }
        }

        Field("Id", job.Id.ToString(CultureInfo.InvariantCulture));
        Field("Type", job.Type);
        Field("State", JobStateText.ToText(job.State));
        Field("Reason", job.Reason);
        Field("Queue", job.Queue);
        Field("Priority", job.Priority.ToString().ToLowerInvariant());
        Field("Attempt", string.Create(CultureInfo.InvariantCulture, $"{job.Attempt} (max retries {job.MaxRetries})"));
        Field("Created", CliOutput.Time(job.CreatedAt));
        Field("Run at", job.RunAt is null ? null : CliOutput.Time(job.RunAt));
        Field("Started", job.StartedAt is null ? null : CliOutput.Time(job.StartedAt));
        Field("Finished", job.FinishedAt is null ? null : CliOutput.Time(job.FinishedAt));
        Field("Progress", job.Progress is { } p ? string.Create(CultureInfo.InvariantCulture, $"{p.Fraction:P0} {p.Message}").Trim() : null);
        Field("Tags", job.Tags.Count > 0 ? string.Join(", ", job.Tags) : null);
        Field("Args", job.Args?.GetRawText());
        Field("Result", job.Result?.GetRawText());
        foreach (var d in job.DependsOn)
        {
            Field("Depends on", string.Create(CultureInfo.InvariantCulture, $"{d.JobId} ({d.Type}, {JobStateText.ToText(d.State)}) on {d.Condition}"));
        }

        foreach (var d in job.Dependents)
        {
            Field("Dependent", string.Create(CultureInfo.InvariantCulture, $"{d.JobId} ({d.Type}, {JobStateText.ToText(d.State)}) on {d.Condition}"));
        }

        foreach (var a in job.Attempts)
        {
            Field("Attempt " + a.Number.ToString(CultureInfo.InvariantCulture),
                $"{CliOutput.Time(a.StartedAt)} -> {JobStateText.ToText(a.Outcome)}{(a.Error is { } e ? $": {e.Type}: {e.Message}" : "")}");
        }

        foreach (var entry in job.Audit ?? [])
        {
            Field("Audit", $"{CliOutput.Time(entry.At)} {entry.Action} by {entry.Actor}{(entry.Details is { } d ? $": {d}" : "")}");
        }

        if (job.LastError is { } error)
        {
            text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Last error: {error.Type}: {error.Message}");
            if (!string.IsNullOrEmpty(error.StackTrace))
            {
                text.AppendLine(error.StackTrace);
            }
        }

        return text.ToString().TrimEnd();
    }

    private static async Task<int> ReportAsync(ParseResult parse, IServiceProvider services, long id, JobActionResult result, string verb, string auditAction, string? auditDetails = null)
    {
        switch (result.Status)
        {
            case JobActionStatus.NotFound:
                throw new CliFailureException(string.Create(CultureInfo.InvariantCulture, $"Job {id} not found."));
            case JobActionStatus.Conflict:
                throw new CliFailureException(result.Reason ?? string.Create(CultureInfo.InvariantCulture, $"Job {id} cannot be {verb} in its state."));
            default:
                await CliAudit.RecordAsync(services, auditAction, AuditTargets.Job, AuditDetails.JobId(id), auditDetails);
                var response = new { id, state = result.State, message = result.Reason };
                await new CliOutput(parse).WriteAsync(response, () => result.Reason is { } reason
                    ? string.Create(CultureInfo.InvariantCulture, $"Job {id} {verb}: {reason}")
                    : string.Create(CultureInfo.InvariantCulture, $"Job {id} {verb}."));
                return CliExitCodes.Ok;
        }
    }
}
