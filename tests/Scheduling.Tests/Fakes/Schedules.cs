using System.Text.Json;
using Jobs.Handlers;
using Jobs.Scheduling.Configuration;
using Jobs.Scheduling.Model;
using Jobs.Scheduling.Triggers;
using Jobs.Scheduling.Validation;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Jobs.Scheduling.Tests.Fakes;

/// <summary>Test-data builders for schedules and the validator without a host.</summary>
internal static class Schedules
{
    public static ScheduleDefinition Valid(string name = "nightly") => new()
    {
        Name = name,
        JobType = TestJob.Name,
        Arguments = """{"level":1}""",
        Cron = "0 9 * * *",
        TimeZone = "UTC",
    };

    public static (ScheduleValidator Validator, ScheduleTriggerFactory Triggers) Validator(FakeTimeProvider time)
    {
        var registry = new JobTypeRegistry([new JobTypeDescriptor(TestJob.Name, typeof(TestJob), typeof(TestArgs), null)]);
        var triggers = new ScheduleTriggerFactory(time, Options.Create(new JobSchedulingOptions()));
        return (new ScheduleValidator(registry, triggers, time), triggers);
    }

    /// <summary>The next fire times of a definition as if saved at the fake clock's time.</summary>
    public static IReadOnlyList<DateTimeOffset> FireTimes(FakeTimeProvider time, ScheduleDefinition definition, int count)
    {
        var (validator, triggers) = Validator(time);
        var trigger = triggers.Build(validator.Validate(definition), time.GetUtcNow());
        return ScheduleTriggerFactory.FireTimes(trigger, time.GetUtcNow(), count);
    }

    public static string Json(object value) => JsonSerializer.Serialize(value);
}
