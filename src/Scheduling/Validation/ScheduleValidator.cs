using System.Text.Json;
using System.Text.RegularExpressions;
using Jobs.Handlers;
using Jobs.Scheduling.Model;
using Jobs.Scheduling.Triggers;

namespace Jobs.Scheduling.Validation;

/// <summary>Checks a schedule definition completely (every field, every problem at once) before anything is saved.</summary>
/// <remarks>Errors are keyed by the definition's property names in camelCase, as the API and the editor show them.</remarks>
internal sealed partial class ScheduleValidator(JobTypeRegistry jobTypes, ScheduleTriggerFactory triggers, TimeProvider time)
{
    /// <summary>The longest schedule name; it must fit in a job tag (<c>schedule:&lt;name&gt;</c>, 100 characters).</summary>
    public const int MaxNameLength = 90;

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,90}$")]
    private static partial Regex NamePattern();

    // The engine's queue-name rule, so that a schedule never stores a queue its jobs would be refused for.
    [GeneratedRegex("^[A-Za-z0-9_.:-]{1,64}$")]
    private static partial Regex QueuePattern();

    /// <summary>Validates a whole definition.</summary>
    /// <exception cref="ScheduleValidationException">Every problem found, by field.</exception>
    public ValidatedSchedule Validate(ScheduleDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Error(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        var d = definition.Clone();
        d.Name = d.Name?.Trim() ?? "";
        if (d.Name.Length == 0)
        {
            Error("name", "A name is required.");
        }
        else if (!NamePattern().IsMatch(d.Name))
        {
            Error("name", $"A name is 1 to {MaxNameLength} letters, digits, '_', '.' or '-' ('{Shorten(d.Name)}' is not).");
        }

        if (d.Description is { Length: > 500 })
        {
            Error("description", "A description is at most 500 characters.");
        }

        CheckJob(d, Error);
        var validated = CheckTrigger(d, Error);
        if (errors.Count > 0)
        {
            throw new ScheduleValidationException(errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }

        return validated!;
    }

    /// <summary>Validates only the trigger fields (cron / every / runAt, time zone, start, end, misfire), for a preview.</summary>
    /// <exception cref="ScheduleValidationException">Every problem found, by field.</exception>
    public ValidatedSchedule ValidateTrigger(ScheduleDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var d = definition.Clone();
        var validated = CheckTrigger(d, (field, message) => errors[field] = errors.TryGetValue(field, out var m) ? [.. m, message] : [message]);
        return errors.Count > 0 ? throw new ScheduleValidationException(errors) : validated!;
    }

    private void CheckJob(ScheduleDefinition d, Action<string, string> error)
    {
        d.JobType = d.JobType?.Trim() ?? "";
        JobTypeDescriptor? descriptor = null;
        if (d.JobType.Length == 0)
        {
            error("jobType", "A job type is required.");
        }
        else if (!jobTypes.TryGet(d.JobType, out descriptor))
        {
            var known = string.Join(", ", jobTypes.All.Select(t => t.Name));
            error("jobType", $"Unknown job type '{Shorten(d.JobType)}'. Registered types: {(known.Length == 0 ? "(none)" : known)}.");
        }

        if (string.IsNullOrWhiteSpace(d.Arguments))
        {
            d.Arguments = null;
        }
        else
        {
            try
            {
                using (JsonDocument.Parse(d.Arguments))
                {
                }

                if (descriptor is not null)
                {
                    JsonSerializer.Deserialize(d.Arguments, descriptor.ArgumentsType, JobTypeRegistry.SerializerOptions);
                }
            }
            catch (JsonException ex)
            {
                error("arguments", descriptor is null || !IsJson(d.Arguments)
                    ? $"The arguments are not valid JSON: {ex.Message}"
                    : $"The arguments do not fit job type '{d.JobType}' ({descriptor.ArgumentsType.Name}): {ex.Message}");
            }
        }

        d.Queue = string.IsNullOrWhiteSpace(d.Queue) ? "default" : d.Queue.Trim();
        if (!QueuePattern().IsMatch(d.Queue))
        {
            error("queue", "A queue name is 1 to 64 letters, digits, '_', '.', ':' or '-'.");
        }

        if (!Enum.IsDefined(d.Priority))
        {
            error("priority", "Priority must be low, normal, high or critical.");
        }

        if (!Enum.IsDefined(d.Overlap))
        {
            error("overlap", "Overlap must be skip, queue or allow.");
        }
    }

    private ValidatedSchedule? CheckTrigger(ScheduleDefinition d, Action<string, string> error)
    {
        var valid = true;
        void Fail(string field, string message)
        {
            valid = false;
            error(field, message);
        }

        d.TimeZone = string.IsNullOrWhiteSpace(d.TimeZone) ? "UTC" : d.TimeZone.Trim();
        TimeZoneInfo? zone = null;
        if (d.TimeZone.Length > 64)
        {
            Fail("timeZone", "Unknown time zone: an IANA id like 'Europe/Berlin' or 'UTC' is at most 64 characters.");
        }
        else if (!TimeZoneInfo.TryFindSystemTimeZoneById(d.TimeZone, out zone))
        {
            Fail("timeZone", $"Unknown time zone '{d.TimeZone}'. Use an IANA id such as 'UTC', 'Europe/Berlin' or 'America/New_York'.");
        }

        var chosen = (string.IsNullOrWhiteSpace(d.Cron) ? 0 : 1) + (string.IsNullOrWhiteSpace(d.Every) ? 0 : 1) + (d.RunAt is null ? 0 : 1);
        if (chosen != 1)
        {
            Fail("trigger", chosen == 0
                ? "Give a trigger: a cron expression, an interval ('every 15m') or a one-off time (runAt)."
                : "Give only one trigger: a cron expression, an interval or a one-off time.");
        }

        ScheduleTriggerKind kind = default;
        Quartz.CronExpression? cron = null;
        ScheduleInterval? interval = null;
        if (!string.IsNullOrWhiteSpace(d.Cron))
        {
            kind = ScheduleTriggerKind.Cron;
            d.Cron = d.Cron.Trim();
            if (!CronSyntax.TryParse(d.Cron, zone ?? TimeZoneInfo.Utc, out cron, out var cronError))
            {
                Fail("cron", cronError!);
            }
        }
        else
        {
            d.Cron = null;
        }

        if (!string.IsNullOrWhiteSpace(d.Every))
        {
            kind = ScheduleTriggerKind.Interval;
            d.Every = d.Every.Trim();
            if (IntervalSyntax.TryParse(d.Every, out var parsed, out var intervalError))
            {
                interval = parsed;
            }
            else
            {
                Fail("every", intervalError!);
            }
        }
        else
        {
            d.Every = null;
        }

        var now = time.GetUtcNow();
        if (d.RunAt is { } runAt)
        {
            kind = ScheduleTriggerKind.Once;
            if (runAt <= now)
            {
                Fail("runAt", $"The one-off time {runAt:yyyy-MM-dd HH:mm:ss zzz} has already passed.");
            }
        }

        if (d.StartAt is { } start && d.EndAt is { } end && end <= start)
        {
            Fail("endAt", $"The end ({end:yyyy-MM-dd HH:mm:ss zzz}) must be after the start ({start:yyyy-MM-dd HH:mm:ss zzz}).");
        }
        else if (d.EndAt is { } endAt && endAt <= now)
        {
            Fail("endAt", $"The end ({endAt:yyyy-MM-dd HH:mm:ss zzz}) has already passed.");
        }

        if (!Enum.IsDefined(d.Misfire))
        {
            Fail("misfire", "Misfire must be fire-once, skip or fire-all.");
        }

        if (d.MisfireCap is < 1 or > 1000)
        {
            Fail("misfireCap", "The misfire cap must be from 1 to 1000.");
        }

        if (!valid)
        {
            return null;
        }

        var validated = new ValidatedSchedule(d, kind, zone!, cron, interval);
        if (triggers.FirstFireTime(validated, now) is null)
        {
            var field = d.EndAt is not null ? "endAt" : kind switch
            {
                ScheduleTriggerKind.Cron => "cron",
                ScheduleTriggerKind.Interval => "every",
                _ => "runAt",
            };
            error(field, d.EndAt is not null
                ? "The schedule would never fire: no fire time falls between its start and its end."
                : "The schedule would never fire (for example a cron expression for February 30).");
            return null;
        }

        return validated;
    }

    private static bool IsJson(string text)
    {
        try
        {
            using (JsonDocument.Parse(text))
            {
                return true;
            }
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
