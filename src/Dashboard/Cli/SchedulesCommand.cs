using System.CommandLine;
using System.Globalization;
using System.Text;
using Jobs.Dashboard.Api.Audit;
using Jobs.Dashboard.Api.Contracts;
using Jobs.Dashboard.Api.Schedules;
using Jobs.Dashboard.Auth;
using Jobs.Model;
using Jobs.Scheduling.Model;
using Jobs.Scheduling.Services;
using Jobs.Scheduling.Validation;

namespace Jobs.Dashboard.Cli;

/// <summary>The <c>schedules</c> verb group: list, show, add, update, pause, resume, trigger, remove, runs, preview.</summary>
/// <remarks>
/// The verbs edit Quartz's store through <see cref="IScheduleService"/> in a host that does not fire schedules
/// (<c>Scheduling:RunScheduler=false</c>); a running server reads the store again within its idle wait (one second) and
/// fires what was added. Validation errors exit 2 and name the option (<c>--cron: ...</c>); an unknown name, a taken
/// name or a trigger the overlap policy skipped exit 1. Every change (add, update, pause, resume, trigger, remove)
/// is recorded in the audit log as <c>cli</c> (<see cref="CliAudit"/>), with the REST API's actions and details.
/// </remarks>
internal static class SchedulesCommand
{
    private static readonly string[] Priorities = ["low", "normal", "high", "critical"];

    // The service names fields as the definition does; the CLI user knows them as options.
    private static readonly Dictionary<string, string> OptionOf = new(StringComparer.Ordinal)
    {
        ["name"] = "--name",
        ["description"] = "--description",
        ["jobType"] = "--job-type",
        ["arguments"] = "--args",
        ["queue"] = "--queue",
        ["priority"] = "--priority",
        ["cron"] = "--cron",
        ["every"] = "--every",
        ["runAt"] = "--at",
        ["timeZone"] = "--time-zone",
        ["startAt"] = "--start",
        ["endAt"] = "--end",
        ["misfire"] = "--misfire",
        ["misfireCap"] = "--misfire-cap",
        ["overlap"] = "--overlap",
        ["trigger"] = "--cron|--every|--at",
        ["count"] = "--count",
        ["limit"] = "--limit",
    };

    /// <summary>Builds the group.</summary>
    public static Command Create(CliEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var schedules = new Command("schedules", "Create, edit, pause and trigger schedules (Quartz's store; a running server picks up changes within a second)");
        schedules.Subcommands.Add(List(engine));
        schedules.Subcommands.Add(Show(engine));
        schedules.Subcommands.Add(Add(engine));
        schedules.Subcommands.Add(Update(engine));
        schedules.Subcommands.Add(Pause(engine));
        schedules.Subcommands.Add(Resume(engine));
        schedules.Subcommands.Add(Trigger(engine));
        schedules.Subcommands.Add(Remove(engine));
        schedules.Subcommands.Add(Runs(engine));
        schedules.Subcommands.Add(Preview(engine));
        return schedules;
    }

    private static Command List(CliEngine engine)
    {
        var command = new Command("list", "List schedules by name with their trigger, next and previous fire times and last run");
        command.SetAction(async (parse, ct) =>
        {
            var service = await ServiceAsync(engine, parse, ct);
            var list = (await service.ListAsync(ct)).Select(ScheduleResponse.From).ToList();
            await new CliOutput(parse).WriteAsync(list, () => list.Count == 0 ? "No schedules." : CliOutput.Table(
                ["NAME", "JOB TYPE", "TRIGGER", "STATE", "NEXT", "PREVIOUS", "LAST RUN"],
                list.Select(s => (IReadOnlyList<string>)
                [
                    s.Name, s.JobType, s.Summary, s.Paused ? "paused" : s.NextFireTime is null ? "finished" : "active",
                    CliOutput.Time(s.NextFireTime), CliOutput.Time(s.PreviousFireTime), RunText(s.LastRun),
                ])));
            return CliExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CliEngine engine)
    {
        var name = NameArgument();
        var command = new Command("show", "Show one schedule with its recent runs") { name };
        command.SetAction(async (parse, ct) =>
        {
            var id = parse.GetRequiredValue(name);
            var service = await ServiceAsync(engine, parse, ct);
            var schedule = ScheduleResponse.From(await service.GetAsync(id, ct) ?? throw NotFound(id));
            var runs = (await service.RecentRunsAsync(id, 10, ct)).Select(ScheduleRunResponse.From).ToList();
            await new CliOutput(parse).WriteAsync(schedule, () => Describe(schedule, runs));
            return CliExitCodes.Ok;
        });
        return command;
    }

    private static Command Add(CliEngine engine)
    {
        var options = new DefinitionOptions(nameRequired: true);
        var command = new Command("add", "Create a schedule: --name, --job-type and one of --cron, --every or --at");
        options.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var definition = options.Apply(parse, new ScheduleDefinition());
            var service = await ServiceAsync(engine, parse, ct);
            ScheduleInfo info;
            try
            {
                info = await service.CreateAsync(definition, ct);
            }
            catch (ScheduleValidationException ex)
            {
                // The service reports a taken name on "name"; the name existing is what makes it a conflict, not bad input.
                var name = definition.Name.Trim();
                if (ex.Errors.ContainsKey("name") && name.Length > 0 && await service.GetAsync(name, ct) is not null)
                {
                    throw new CliFailureException($"A schedule named '{name}' already exists (change it with 'schedules update').", ex);
                }

                throw Usage(ex);
            }

            await RecordAsync(engine, parse, AuditActions.ScheduleCreate, info.Name, AuditDetails.Schedule(info.Definition.JobType, info.Summary), ct);
            var schedule = ScheduleResponse.From(info);
            await new CliOutput(parse).WriteAsync(schedule, () => $"Created schedule '{schedule.Name}': {schedule.Summary}; next run {CliOutput.Time(schedule.NextFireTime)}.");
            return CliExitCodes.Ok;
        });
        return command;
    }

    private static Command Update(CliEngine engine)
    {
        var options = new DefinitionOptions(nameRequired: true);
        var command = new Command("update", "Change a schedule: the options given replace those fields, the rest stay (a new trigger replaces the old one)");
        options.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var id = parse.GetRequiredValue(options.Name).Trim();
            var service = await ServiceAsync(engine, parse, ct);
            var current = await service.GetAsync(id, ct) ?? throw NotFound(id);
            var definition = options.Apply(parse, current.Definition.Clone());
            ScheduleInfo info;
            try
            {
                info = await service.UpdateAsync(id, definition, ct) ?? throw NotFound(id);
            }
            catch (ScheduleValidationException ex)
            {
                throw Usage(ex);
            }

            await RecordAsync(engine, parse, AuditActions.ScheduleUpdate, info.Name, AuditDetails.Schedule(info.Definition.JobType, info.Summary), ct);
            var schedule = ScheduleResponse.From(info);
            await new CliOutput(parse).WriteAsync(schedule, () => $"Updated schedule '{schedule.Name}': {schedule.Summary}; next run {CliOutput.Time(schedule.NextFireTime)}.");
            return CliExitCodes.Ok;
        });
        return command;
    }

    private static Command Pause(CliEngine engine) => StateChange(engine, "pause", "Stop a schedule firing until resumed", "Paused", AuditActions.SchedulePause,
        (service, id, ct) => service.PauseAsync(id, ct));

    private static Command Resume(CliEngine engine) => StateChange(engine, "resume", "Let a paused schedule fire again (missed times follow its misfire policy)", "Resumed", AuditActions.ScheduleResume,
        (service, id, ct) => service.ResumeAsync(id, ct));

    private static Command StateChange(CliEngine engine, string verb, string description, string done, string auditAction, Func<IScheduleService, string, CancellationToken, Task<bool>> change)
    {
        var name = NameArgument();
        var command = new Command(verb, description) { name };
        command.SetAction(async (parse, ct) =>
        {
            var id = parse.GetRequiredValue(name);
            var service = await ServiceAsync(engine, parse, ct);
            if (!await change(service, id, ct))
            {
                throw NotFound(id);
            }

            await RecordAsync(engine, parse, auditAction, id, details: null, ct);
            var schedule = ScheduleResponse.From(await service.GetAsync(id, ct) ?? throw NotFound(id));
            await new CliOutput(parse).WriteAsync(schedule, () => $"{done} schedule '{id}'; next run {CliOutput.Time(schedule.NextFireTime)}.");
            return CliExitCodes.Ok;
        });
        return command;
    }

    private static Command Trigger(CliEngine engine)
    {
        var name = NameArgument();
        var command = new Command("trigger", "Enqueue a run now, outside the timetable, and print the job's id (exit 1 when the overlap policy skips it)") { name };
        command.SetAction(async (parse, ct) =>
        {
            var id = parse.GetRequiredValue(name);
            var service = await ServiceAsync(engine, parse, ct);
            var outcome = await service.TriggerAsync(id, ct) ?? throw NotFound(id);
            if (outcome.Skipped || outcome.JobId is not { } jobId)
            {
                throw new CliFailureException(outcome.Reason ?? $"Schedule '{id}' has an unfinished run and its overlap policy is skip.");
            }

            await RecordAsync(engine, parse, AuditActions.ScheduleTrigger, id, AuditDetails.Triggered(jobId), ct);
            await new CliOutput(parse).WriteAsync(new ScheduleTriggerResponse(id, jobId), () => jobId.ToString(CultureInfo.InvariantCulture));
            return CliExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove(CliEngine engine)
    {
        var name = NameArgument();
        var command = new Command("remove", "Delete a schedule; its past runs stay in the store") { name };
        command.SetAction(async (parse, ct) =>
        {
            var id = parse.GetRequiredValue(name);
            var service = await ServiceAsync(engine, parse, ct);
            if (!await service.DeleteAsync(id, ct))
            {
                throw NotFound(id);
            }

            await RecordAsync(engine, parse, AuditActions.ScheduleDelete, id, details: null, ct);

            await new CliOutput(parse).WriteAsync(new { name = id, deleted = true }, () => $"Removed schedule '{id}'.");
            return CliExitCodes.Ok;
        });
        return command;
    }

    private static Command Runs(CliEngine engine)
    {
        var name = NameArgument();
        var limit = new Option<int>("--limit") { Description = "Most runs to show, 1 to 500", DefaultValueFactory = _ => 20, HelpName = "N" };
        var command = new Command("runs", "A schedule's recent runs, newest first, with outcome and duration") { name, limit };
        command.SetAction(async (parse, ct) =>
        {
            var id = parse.GetRequiredValue(name);
            var size = parse.GetValue(limit);
            if (size is < 1 or > 500)
            {
                throw new CliUsageException($"--limit must be from 1 to 500 (was {size}).");
            }

            var service = await ServiceAsync(engine, parse, ct);
            var runs = (await service.RecentRunsAsync(id, size, ct)).Select(ScheduleRunResponse.From).ToList();
            if (runs.Count == 0 && await service.GetAsync(id, ct) is null)
            {
                throw NotFound(id);
            }

            await new CliOutput(parse).WriteAsync(new ScheduleRunsResponse(id, runs), () => RunTable(runs));
            return CliExitCodes.Ok;
        });
        return command;
    }

    private static Command Preview(CliEngine engine)
    {
        var cron = new Option<string?>("--cron") { Description = "A cron expression: '0 9 * * *' or Quartz's '0 0 9 * * ?'", HelpName = "EXPR" };
        var every = new Option<string?>("--every") { Description = "An interval: 15m, 2h, 1d, 'every 2 hours'", HelpName = "INTERVAL" };
        var zone = new Option<string?>("--time-zone") { Description = "The IANA time zone the trigger is read in (default UTC)", HelpName = "ZONE" };
        var count = new Option<int>("--count") { Description = "How many fire times, 1 to 100", DefaultValueFactory = _ => 10, HelpName = "N" };
        var command = new Command("preview", "Print the next fire times of a cron expression or an interval, without saving anything") { cron, every, zone, count };
        command.SetAction(async (parse, ct) =>
        {
            var expression = parse.GetValue(cron);
            var interval = parse.GetValue(every);
            if (string.IsNullOrWhiteSpace(expression) == string.IsNullOrWhiteSpace(interval))
            {
                throw new CliUsageException("Give --cron or --every (one of them).");
            }

            var definition = new ScheduleDefinition { Cron = expression, Every = interval, TimeZone = parse.GetValue(zone) };
            var service = await ServiceAsync(engine, parse, ct);
            SchedulePreviewResponse preview;
            try
            {
                var n = parse.GetValue(count);
                var times = expression is not null ? service.PreviewCron(expression, definition.TimeZone, n) : service.Preview(definition, n);
                preview = new SchedulePreviewResponse(service.Describe(definition), string.IsNullOrWhiteSpace(definition.TimeZone) ? "UTC" : definition.TimeZone.Trim(), times);
            }
            catch (ScheduleValidationException ex)
            {
                throw Usage(ex);
            }

            await new CliOutput(parse).WriteAsync(preview, () => preview.Summary + Environment.NewLine + string.Join(Environment.NewLine, preview.FireTimes.Select(t => "  " + CliOutput.Time(t))));
            return CliExitCodes.Ok;
        });
        return command;
    }

    private static Argument<string> NameArgument() => new("name") { Description = "The schedule's name" };

    private static async Task<IScheduleService> ServiceAsync(CliEngine engine, ParseResult parse, CancellationToken ct) =>
        (await engine.StartAsync(parse, ct)).GetRequiredService<IScheduleService>();

    /// <summary>Records a schedule change as <c>cli</c>, after it succeeded (the engine's services are already started).</summary>
    private static async Task RecordAsync(CliEngine engine, ParseResult parse, string action, string name, string? details, CancellationToken ct) =>
        await CliAudit.RecordAsync(await engine.StartAsync(parse, ct), action, AuditTargets.Schedule, name, details);

    private static CliFailureException NotFound(string name) => new($"Schedule '{name}' not found.");

    /// <summary>A refused definition as one line that names the options: <c>--cron: ...; --time-zone: ...</c>.</summary>
    internal static CliUsageException Usage(ScheduleValidationException invalid)
    {
        var text = invalid.Errors.Count == 0
            ? invalid.Message
            : string.Join("; ", invalid.Errors.Select(e => $"{(OptionOf.TryGetValue(e.Key, out var option) ? option : e.Key)}: {string.Join(" ", e.Value).TrimEnd('.')}")) + ".";
        return new CliUsageException(text, invalid);
    }

    private static string RunText(ScheduleRunResponse? run) => run is null
        ? "-"
        : string.Create(CultureInfo.InvariantCulture, $"{run.JobId} {JobStateText.ToText(run.State)} {CliOutput.Time(run.EnqueuedAt)}");

    private static string RunTable(IReadOnlyList<ScheduleRunResponse> runs) => runs.Count == 0 ? "No runs yet." : CliOutput.Table(
        ["JOB", "STATE", "ENQUEUED", "STARTED", "FINISHED", "DURATION"],
        runs.Select(r => (IReadOnlyList<string>)
        [
            r.JobId.ToString(CultureInfo.InvariantCulture), JobStateText.ToText(r.State), CliOutput.Time(r.EnqueuedAt),
            CliOutput.Time(r.StartedAt), CliOutput.Time(r.FinishedAt), r.Duration is { } d ? d.ToString("c", CultureInfo.InvariantCulture) : "-",
        ]));

    private static string Describe(ScheduleResponse s, IReadOnlyList<ScheduleRunResponse> runs)
    {
        var text = new StringBuilder();
        void Field(string label, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                text.Append(CultureInfo.InvariantCulture, $"{label,-13}").AppendLine(value);
            }
        }

        Field("Name", s.Name);
        Field("Description", s.Description);
        Field("Job type", s.JobType);
        Field("Args", s.Args?.GetRawText());
        Field("Queue", s.Queue);
        Field("Priority", s.Priority.ToString().ToLowerInvariant());
        Field("Trigger", s.Summary);
        Field("Cron", s.Cron);
        Field("Every", s.Every);
        Field("Run at", s.RunAt is null ? null : CliOutput.Time(s.RunAt));
        Field("Time zone", s.TimeZone);
        Field("Start", s.StartAt is null ? null : CliOutput.Time(s.StartAt));
        Field("End", s.EndAt is null ? null : CliOutput.Time(s.EndAt));
        Field("Misfire", s.Misfire == ScheduleMisfirePolicy.FireAll
            ? string.Create(CultureInfo.InvariantCulture, $"{s.Misfire.Name()} (at most {s.MisfireCap})")
            : s.Misfire.Name());
        Field("Overlap", s.Overlap.Name());
        Field("State", s.Paused ? "paused" : s.NextFireTime is null ? "finished" : "active");
        Field("Next", CliOutput.Time(s.NextFireTime));
        Field("Previous", CliOutput.Time(s.PreviousFireTime));
        text.AppendLine().Append(RunTable(runs));
        return text.ToString().TrimEnd();
    }

    /// <summary>The options of <c>add</c> and <c>update</c>, and how they fill a definition.</summary>
    /// <remarks>Only options given on the command line are applied, so <c>update</c> changes just those fields.</remarks>
    private sealed class DefinitionOptions
    {
        public DefinitionOptions(bool nameRequired)
        {
            Name = new Option<string>("--name") { Description = "The schedule's unique name (letters, digits, '_', '.', '-')", Required = nameRequired, HelpName = "NAME" };
            Priority.AcceptOnlyFromAmong(Priorities);
        }

        public Option<string> Name { get; }

        public Option<string?> Description { get; } = new("--description") { Description = "What the schedule is for", HelpName = "TEXT" };

        public Option<string?> JobType { get; } = new("--job-type") { Description = "The registered job type to enqueue (see 'jobs types')", HelpName = "TYPE" };

        public Option<string?> Args { get; } = new("--args") { Description = "The job's arguments as JSON, for example '{\"levels\":[\"1\"]}'", HelpName = "JSON" };

        public Option<string?> Cron { get; } = new("--cron") { Description = "A cron expression: '0 9 * * *' or Quartz's '0 0 9 * * ?'", HelpName = "EXPR" };

        public Option<string?> Every { get; } = new("--every") { Description = "A fixed interval: 15m, 2h, 1d, 1h30m, 'every 2 hours'", HelpName = "INTERVAL" };

        public Option<string?> At { get; } = new("--at") { Description = "Run once at this time (ISO 8601; without an offset it is read in --time-zone)", HelpName = "TIME" };

        public Option<string?> TimeZone { get; } = new("--time-zone") { Description = "The IANA time zone for the trigger and for times without an offset (default UTC)", HelpName = "ZONE" };

        public Option<string?> Queue { get; } = new("--queue") { Description = "The queue its jobs go to (default: default)", HelpName = "Q" };

        public Option<string?> Priority { get; } = new("--priority") { Description = "Its jobs' priority (default: normal)", HelpName = "P" };

        public Option<string?> Start { get; } = new("--start") { Description = "No fire before this time (ISO 8601)", HelpName = "TIME" };

        public Option<string?> End { get; } = new("--end") { Description = "No fire after this time (ISO 8601)", HelpName = "TIME" };

        public Option<string?> Misfire { get; } = new("--misfire") { Description = "Missed fire times: fire-once (default), skip or fire-all", HelpName = "POLICY" };

        public Option<int?> MisfireCap { get; } = new("--misfire-cap") { Description = "With fire-all: the most missed times enqueued, 1 to 1000 (default 10)", HelpName = "N" };

        public Option<string?> Overlap { get; } = new("--overlap") { Description = "While the previous run is unfinished: skip (default), queue or allow", HelpName = "POLICY" };

        public void AddTo(Command command)
        {
            foreach (Option option in (Option[])[Name, JobType, Args, Cron, Every, At, TimeZone, Queue, Priority, Start, End, Misfire, MisfireCap, Overlap, Description])
            {
                command.Options.Add(option);
            }
        }

        /// <summary>Copies the options given onto <paramref name="definition"/>; bad values are usage errors naming the option.</summary>
        public ScheduleDefinition Apply(ParseResult parse, ScheduleDefinition definition)
        {
            bool Given(Option option) => parse.GetResult(option) is { Implicit: false };

            if (Given(Name))
            {
                definition.Name = parse.GetRequiredValue(Name);
            }

            if (Given(Description))
            {
                definition.Description = parse.GetValue(Description);
            }

            if (Given(JobType))
            {
                definition.JobType = parse.GetValue(JobType) ?? "";
            }

            if (Given(Args))
            {
                definition.Arguments = parse.GetValue(Args);
            }

            if (Given(Queue))
            {
                definition.Queue = parse.GetValue(Queue);
            }

            if (Given(Priority))
            {
                definition.Priority = Enum.Parse<JobPriority>(parse.GetValue(Priority)!, ignoreCase: true);
            }

            if (Given(TimeZone))
            {
                definition.TimeZone = parse.GetValue(TimeZone);
            }

            // A trigger given replaces whichever trigger the schedule had; several given are left for the validator to refuse.
            if (Given(Cron) || Given(Every) || Given(At))
            {
                definition.Cron = parse.GetValue(Cron);
                definition.Every = parse.GetValue(Every);
                definition.RunAt = Given(At) ? ReadTime(parse.GetValue(At), "--at", definition.TimeZone) : null;
            }

            if (Given(Start))
            {
                definition.StartAt = ReadTime(parse.GetValue(Start), "--start", definition.TimeZone);
            }

            if (Given(End))
            {
                definition.EndAt = ReadTime(parse.GetValue(End), "--end", definition.TimeZone);
            }

            if (Given(Misfire))
            {
                var text = parse.GetValue(Misfire);
                definition.Misfire = SchedulePolicyNames.TryParseMisfire(text, out var misfire)
                    ? misfire
                    : throw new CliUsageException($"--misfire '{text}' is not a misfire policy: use fire-once, skip or fire-all.");
            }

            if (Given(MisfireCap))
            {
                definition.MisfireCap = parse.GetValue(MisfireCap) ?? definition.MisfireCap;
            }

            if (Given(Overlap))
            {
                var text = parse.GetValue(Overlap);
                definition.Overlap = SchedulePolicyNames.TryParseOverlap(text, out var overlap)
                    ? overlap
                    : throw new CliUsageException($"--overlap '{text}' is not an overlap policy: use skip, queue or allow.");
            }

            return definition;
        }

        /// <summary>An ISO 8601 time; one without an offset is a wall-clock time in <paramref name="zoneId"/> (UTC when unknown).</summary>
        private static DateTimeOffset ReadTime(string? text, string option, string? zoneId)
        {
            if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind | DateTimeStyles.AllowWhiteSpaces, out var parsed))
            {
                throw new CliUsageException($"{option} '{text}' is not a time: use ISO 8601, for example 2026-12-01T09:00 or 2026-12-01T09:00:00Z.");
            }

            if (parsed.Kind != DateTimeKind.Unspecified)
            {
                return DateTimeOffset.Parse(text!, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces);
            }

            // An unknown zone is reported by the validator on --time-zone; read the time as UTC meanwhile.
            var zone = !string.IsNullOrWhiteSpace(zoneId) && TimeZoneInfo.TryFindSystemTimeZoneById(zoneId.Trim(), out var z) ? z : TimeZoneInfo.Utc;
            return new DateTimeOffset(parsed, zone.GetUtcOffset(parsed));
        }
    }
}
