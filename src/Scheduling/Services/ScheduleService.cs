using Jobs.Client;
using Jobs.Model;
using Jobs.Scheduling.Execution;
using Jobs.Scheduling.Model;
using Jobs.Scheduling.Triggers;
using Jobs.Scheduling.Validation;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Jobs.Scheduling.Services;

/// <summary>The schedule service over Quartz's persistent store: one durable Quartz job and one trigger per schedule.</summary>
/// <remarks>
/// The definition lives in the job's data map and the timing state (next/previous fire, paused) in the trigger, so
/// Quartz's store is the only copy and a change made while the server is down is simply what the server finds.
/// Jobs are durable so that a finished one-off (or a schedule past its end) stays listed with its history.
/// </remarks>
internal sealed partial class ScheduleService(
    ISchedulerFactory schedulers,
    ScheduleValidator validator,
    ScheduleTriggerFactory triggers,
    ScheduleRunEnqueuer enqueuer,
    IJobQueries queries,
    TimeProvider time,
    ILogger<ScheduleService> logger) : IScheduleService
{
    private const int MaxPreview = 100;

    public async Task<IReadOnlyList<ScheduleInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        var jobs = await scheduler.QueryJobs(new JobQuery { Group = GroupMatcher<JobKey>.GroupEquals(ScheduleKeys.Group), Take = PagedQuery.All }, cancellationToken).ConfigureAwait(false);
        var triggerHeaders = await scheduler.QueryTriggers(new TriggerQuery { Group = GroupMatcher<TriggerKey>.GroupEquals(ScheduleKeys.Group), Take = PagedQuery.All }, cancellationToken).ConfigureAwait(false);
        var byJob = triggerHeaders.Items.ToDictionary(t => t.JobKey.Name, StringComparer.Ordinal);
        var details = jobs.Items.Count == 0 ? [] : await scheduler.GetJobDetails([.. jobs.Items.Select(j => j.Key)], cancellationToken).ConfigureAwait(false);
        var list = new List<ScheduleInfo>(details.Count);
        foreach (var detail in details.OrderBy(d => d.Key.Name, StringComparer.Ordinal))
        {
            if (ScheduleDefinitionJson.Read(detail.JobDataMap) is { } definition)
            {
                byJob.TryGetValue(detail.Key.Name, out var header);
                list.Add(await InfoAsync(definition, header?.State == TriggerState.Paused || header?.Pause is not null, header?.NextFireTimeUtc, header?.PreviousFireTimeUtc, cancellationToken).ConfigureAwait(false));
            }
        }

        return list;
    }

    public async Task<ScheduleInfo?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        var found = await FindAsync(scheduler, name, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            return null;
        }

        var trigger = await scheduler.GetTrigger(ScheduleKeys.Trigger(name), cancellationToken).ConfigureAwait(false);
        var state = trigger is null ? TriggerState.None : await scheduler.GetTriggerState(trigger.Key, cancellationToken).ConfigureAwait(false);
        return await InfoAsync(found, state == TriggerState.Paused, trigger?.NextFireTimeUtc, trigger?.PreviousFireTimeUtc, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ScheduleInfo> CreateAsync(ScheduleDefinition definition, CancellationToken cancellationToken = default)
    {
        var schedule = validator.Validate(definition);
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        var name = schedule.Definition.Name;
        if (await scheduler.Exists(ScheduleKeys.Job(name), cancellationToken).ConfigureAwait(false))
        {
            throw Duplicate(name);
        }

        try
        {
            // Job and trigger are stored in one call: both or neither.
            await scheduler.ScheduleJob(BuildJob(schedule.Definition), (IReadOnlyCollection<ITrigger>)[triggers.Build(schedule, time.GetUtcNow())], new ScheduleJobOptions(), cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectAlreadyExistsException)
        {
            throw Duplicate(name);
        }

        LogSaved("Created", name);
        return (await GetAsync(name, cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<ScheduleInfo?> UpdateAsync(string name, ScheduleDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(definition);
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        if (await FindAsync(scheduler, name, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(definition.Name))
        {
            definition = definition.Clone();
            definition.Name = name;
        }
        else if (!string.Equals(definition.Name.Trim(), name, StringComparison.Ordinal))
        {
            throw new ScheduleValidationException("name", $"A schedule cannot be renamed ('{name}' to '{definition.Name.Trim()}'); delete it and create a new one.");
        }

        var schedule = validator.Validate(definition);
        var triggerKey = ScheduleKeys.Trigger(name);
        var paused = await scheduler.Exists(triggerKey, cancellationToken).ConfigureAwait(false)
            && await scheduler.GetTriggerState(triggerKey, cancellationToken).ConfigureAwait(false) == TriggerState.Paused;
        await scheduler.ScheduleJob(
            BuildJob(schedule.Definition),
            (IReadOnlyCollection<ITrigger>)[triggers.Build(schedule, time.GetUtcNow())],
            new ScheduleJobOptions { Replace = true, Paused = paused },
            cancellationToken).ConfigureAwait(false);
        LogSaved("Updated", name);
        return await GetAsync(name, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> PauseAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        if (!await scheduler.Exists(ScheduleKeys.Job(name), cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await scheduler.PauseJob(ScheduleKeys.Job(name), cancellationToken).ConfigureAwait(false);
        LogSaved("Paused", name);
        return true;
    }

    public async Task<bool> ResumeAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        if (!await scheduler.Exists(ScheduleKeys.Job(name), cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await scheduler.ResumeJob(ScheduleKeys.Job(name), cancellationToken).ConfigureAwait(false);
        LogSaved("Resumed", name);
        return true;
    }

    public async Task<ScheduleFireOutcome?> TriggerAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        var definition = await FindAsync(scheduler, name, cancellationToken).ConfigureAwait(false);
        return definition is null
            ? null
            : await enqueuer.EnqueueAsync(definition, time.GetUtcNow(), manual: true, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        var deleted = await scheduler.DeleteJob(ScheduleKeys.Job(name), cancellationToken).ConfigureAwait(false);
        if (deleted)
        {
            LogSaved("Deleted", name);
        }

        return deleted;
    }

    public IReadOnlyList<DateTimeOffset> PreviewCron(string cron, string? timeZone = null, int count = 10, DateTimeOffset? from = null)
    {
        CheckCount(count);
        var schedule = validator.ValidateTrigger(new ScheduleDefinition { Name = "preview", Cron = cron, TimeZone = timeZone });
        var start = from ?? time.GetUtcNow();
        var times = new List<DateTimeOffset>(count);
        var t = start.AddTicks(-1);
        while (times.Count < count && schedule.Cron!.GetNextValidTimeAfter(t) is { } next)
        {
            times.Add(next);
            t = next;
        }

        return times;
    }

    public IReadOnlyList<DateTimeOffset> Preview(ScheduleDefinition definition, int count = 10)
    {
        CheckCount(count);
        var schedule = validator.ValidateTrigger(WithPreviewName(definition));
        var now = time.GetUtcNow();
        var trigger = triggers.Build(schedule, now);
        return ScheduleTriggerFactory.FireTimes(trigger, trigger.StartTimeUtc > now ? trigger.StartTimeUtc : now, count);
    }

    public string Describe(ScheduleDefinition definition) => ScheduleDescriber.Describe(validator.ValidateTrigger(WithPreviewName(definition)));

    public async Task<IReadOnlyList<ScheduleRun>> RecentRunsAsync(string name, int limit = 20, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (limit is < 1 or > 500)
        {
            throw new ScheduleValidationException("limit", "The limit must be from 1 to 500.");
        }

        var page = await queries.ListAsync(new JobFilter { Tag = ScheduleKeys.Tag(name) }, cursor: null, limit, cancellationToken).ConfigureAwait(false);
        return [.. page.Items.Select(ScheduleRun.From)];
    }

    private async Task<ScheduleInfo> InfoAsync(ScheduleDefinition definition, bool paused, DateTimeOffset? next, DateTimeOffset? previous, CancellationToken cancellationToken)
    {
        var runs = await queries.ListAsync(new JobFilter { Tag = ScheduleKeys.Tag(definition.Name) }, cursor: null, limit: 1, cancellationToken).ConfigureAwait(false);
        string summary;
        ScheduleTriggerKind kind;
        try
        {
            var schedule = validator.ValidateTrigger(WithPreviewName(definition, keepPast: true));
            summary = ScheduleDescriber.Describe(schedule);
            kind = schedule.Kind;
        }
        catch (ScheduleValidationException)
        {
            // A stored one-off whose time has passed, or an end already reached: describe it without the checks for new input.
            kind = definition.Cron is not null ? ScheduleTriggerKind.Cron : definition.Every is not null ? ScheduleTriggerKind.Interval : ScheduleTriggerKind.Once;
            summary = kind switch
            {
                ScheduleTriggerKind.Cron => $"cron '{definition.Cron}' {definition.TimeZone}",
                ScheduleTriggerKind.Interval => $"every {definition.Every}",
                _ => $"once at {definition.RunAt:yyyy-MM-dd HH:mm} UTC",
            };
            if (definition.EndAt is { } end)
            {
                summary += $", until {end:yyyy-MM-dd HH:mm}";
            }
        }

        return new ScheduleInfo
        {
            Definition = definition.Clone(),
            Kind = kind,
            Summary = summary,
            Paused = paused,
            NextFireTime = next,
            PreviousFireTime = previous,
            LastRun = runs.Items.Count > 0 ? ScheduleRun.From(runs.Items[0]) : null,
        };
    }

    private static ScheduleDefinition WithPreviewName(ScheduleDefinition definition, bool keepPast = false)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var copy = definition.Clone();
        copy.Name = string.IsNullOrWhiteSpace(copy.Name) ? "preview" : copy.Name;
        if (keepPast)
        {
            copy.StartAt = null;
        }

        return copy;
    }

    private static async Task<ScheduleDefinition?> FindAsync(IScheduler scheduler, string name, CancellationToken cancellationToken)
    {
        var detail = await scheduler.GetJobDetail(ScheduleKeys.Job(name), cancellationToken).ConfigureAwait(false);
        return detail is null ? null : ScheduleDefinitionJson.Read(detail.JobDataMap);
    }

    private static IJobDetail BuildJob(ScheduleDefinition definition) =>
        JobBuilder.Create<ScheduleRunQuartzJob>()
            .WithIdentity(ScheduleKeys.Job(definition.Name))
            .WithDescription(definition.Description)
            .StoreDurably(true)
            // One fire of a schedule at a time, so the overlap check and the enqueue are not interleaved by Quartz.
            .DisallowConcurrentExecution(true)
            .UsingJobData(ScheduleKeys.DefinitionKey, ScheduleDefinitionJson.Write(definition))
            .Build();

    private static void CheckCount(int count)
    {
        if (count is < 1 or > MaxPreview)
        {
            throw new ScheduleValidationException("count", $"The count must be from 1 to {MaxPreview}.");
        }
    }

    private static ScheduleValidationException Duplicate(string name) =>
        new("name", $"A schedule named '{name}' already exists.");

    [LoggerMessage(LogLevel.Information, "{Action} schedule {Schedule}")]
    private partial void LogSaved(string action, string schedule);
}
