using Jobs.Events;

namespace Jobs.Dashboard.Hubs;

/// <summary>A job change as the hub sends it: <c>JobChanged</c> on <c>/hubs/jobs</c>.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Type">Its type name.</param>
/// <param name="Queue">Its queue.</param>
/// <param name="State">Its state after the change, by name (for example <c>Processing</c>).</param>
/// <param name="Progress">Its progress from 0 to 1, when it reported any.</param>
/// <param name="Message">What the job last said it is doing, if anything.</param>
/// <param name="Current">The job's counter, if it reports one.</param>
/// <param name="Total">The counter's total, if known.</param>
/// <param name="At">When the change happened.</param>
public sealed record JobEventMessage(
    long JobId,
    string Type,
    string Queue,
    string State,
    double? Progress,
    string? Message,
    long? Current,
    long? Total,
    DateTimeOffset At)
{
    /// <summary>The message for an engine event.</summary>
    public static JobEventMessage From(JobEvent change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return new(change.JobId, change.Type, change.Queue, change.State.ToString(), change.Progress?.Fraction,
            change.Progress?.Message, change.Progress?.Current, change.Progress?.Total, change.At);
    }
}
