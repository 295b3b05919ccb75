using Jobs.Scheduling.Model;
using Jobs.Scheduling.Validation;

namespace Jobs.Scheduling.Services;

/// <summary>Reads and edits schedules: what the dashboard, the REST API and the CLI call (never Quartz directly).</summary>
/// <remarks>A schedule is addressed by its name. Every change is validated first; when validation fails nothing is saved.</remarks>
public interface IScheduleService
{
    /// <summary>All schedules, by name, with next and previous fire times and the last run.</summary>
    Task<IReadOnlyList<ScheduleInfo>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>One schedule, or null when there is none of that name.</summary>
    Task<ScheduleInfo?> GetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Creates a schedule.</summary>
    /// <exception cref="ScheduleValidationException">When the definition is invalid or the name is taken (field <c>name</c>).</exception>
    Task<ScheduleInfo> CreateAsync(ScheduleDefinition definition, CancellationToken cancellationToken = default);

    /// <summary>Replaces a schedule's definition, keeping whether it is paused. Returns null when there is no such schedule.</summary>
    /// <remarks>The name cannot change (delete and create instead); a different <see cref="ScheduleDefinition.Name"/> is an error on <c>name</c>.</remarks>
    /// <exception cref="ScheduleValidationException">When the definition is invalid.</exception>
    Task<ScheduleInfo?> UpdateAsync(string name, ScheduleDefinition definition, CancellationToken cancellationToken = default);

    /// <summary>Stops a schedule firing until resumed. False when there is no such schedule.</summary>
    Task<bool> PauseAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Lets a paused schedule fire again; times missed while paused follow its misfire policy. False when there is no such schedule.</summary>
    Task<bool> ResumeAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Enqueues a run now, outside the timetable (the overlap policy still applies). Null when there is no such schedule.</summary>
    Task<ScheduleFireOutcome?> TriggerAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Deletes a schedule. Its past runs stay in the engine. False when there is no such schedule.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The next <paramref name="count"/> fire times (1 to 100) of a cron expression read in a time zone (default UTC).</summary>
    /// <exception cref="ScheduleValidationException">When the expression, the zone or the count is invalid.</exception>
    IReadOnlyList<DateTimeOffset> PreviewCron(string cron, string? timeZone = null, int count = 10, DateTimeOffset? from = null);

    /// <summary>The next <paramref name="count"/> fire times (1 to 100) of a definition's trigger, as if saved now; only trigger fields are checked.</summary>
    /// <exception cref="ScheduleValidationException">When the trigger fields are invalid.</exception>
    IReadOnlyList<DateTimeOffset> Preview(ScheduleDefinition definition, int count = 10);

    /// <summary>The trigger in plain words ("every day at 09:00 Europe/Berlin"); only trigger fields are checked.</summary>
    /// <exception cref="ScheduleValidationException">When the trigger fields are invalid.</exception>
    string Describe(ScheduleDefinition definition);

    /// <summary>The newest runs of a schedule (1 to 500), newest first, with outcome and duration. Works for deleted schedules too.</summary>
    Task<IReadOnlyList<ScheduleRun>> RecentRunsAsync(string name, int limit = 20, CancellationToken cancellationToken = default);
}
