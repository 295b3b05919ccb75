using Quartz;

namespace Jobs.Scheduling.Execution;

/// <summary>Decides, under the fire-all misfire policy, whether a late fire is among the latest <c>cap</c> missed ones.</summary>
/// <remarks>
/// Quartz's "ignore misfires" replays every missed time at once, without a bound (a 1-minute schedule down for a
/// week would enqueue 10,080 jobs). Each replayed fire counts the schedule's fire times after it up to now, stopping
/// at the cap, and only the latest <c>cap</c> go through. Stateless, so it holds across restarts and nodes.
/// </remarks>
internal static class MissedFirePolicy
{
    /// <summary>Whether the fire scheduled for <paramref name="scheduledFireTime"/> should enqueue.</summary>
    /// <param name="trigger">The schedule's trigger (only its fire-time arithmetic is used).</param>
    /// <param name="scheduledFireTime">When this fire was due.</param>
    /// <param name="now">The current time.</param>
    /// <param name="threshold">How late a fire may be and still count as on time.</param>
    /// <param name="cap">The most missed fires to enqueue.</param>
    public static bool ShouldEnqueue(ITrigger trigger, DateTimeOffset scheduledFireTime, DateTimeOffset now, TimeSpan threshold, int cap)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        if (now - scheduledFireTime <= threshold)
        {
            return true;
        }

        var later = 0;
        DateTimeOffset? t = scheduledFireTime;
        while (later < cap && (t = trigger.GetFireTimeAfter(t)) is { } next && next <= now)
        {
            later++;
        }

        return later < cap;
    }
}
