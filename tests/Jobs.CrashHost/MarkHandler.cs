using Jobs.Handlers;

namespace Jobs.CrashHost;

/// <summary>The arguments of a <c>mark</c> job.</summary>
/// <param name="Name">A label, for people reading marks.log.</param>
/// <param name="HoldMsFirstAttempt">How long the first attempt holds before finishing; later attempts (re-runs after a crash) don't hold.</param>
internal sealed record MarkArgs(string Name = "", int HoldMsFirstAttempt = 0);

/// <summary>A job that leaves evidence of every attempt: a start and a done line in marks.log, and its id in completions.db.</summary>
/// <remarks>
/// The hold applies only to attempt 1 so that the crash tests can kill a process mid-job and then watch
/// the re-run finish promptly. The completion is recorded with <c>INSERT OR IGNORE</c>, the way a real
/// at-least-once job makes its effect idempotent, so the table counts each job once however often it ran.
/// </remarks>
internal sealed class MarkHandler(MarkLog log, CompletionStore completions, NodeName node, TimeProvider time) : IJobHandler<MarkArgs>
{
    public async Task HandleAsync(MarkArgs args, IJobContext context)
    {
        await log.AppendAsync(context.JobId, context.Attempt, "start").ConfigureAwait(false);
        await completions.StartedAsync(context.JobId, context.Attempt, node.Value, context.CancellationToken).ConfigureAwait(false);
        if (args.HoldMsFirstAttempt > 0 && context.Attempt == 1)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(args.HoldMsFirstAttempt), time, context.CancellationToken).ConfigureAwait(false);
        }

        await completions.RecordAsync(context.JobId, context.Attempt, node.Value, context.CancellationToken).ConfigureAwait(false);
        await log.AppendAsync(context.JobId, context.Attempt, "done").ConfigureAwait(false);
    }
}

/// <summary>This host's node name, as the handler records it next to what it did.</summary>
internal sealed record NodeName(string Value);
