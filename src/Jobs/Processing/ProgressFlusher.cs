using Jobs.Model;
using Jobs.Storage;

namespace Jobs.Processing;

/// <summary>Stores running jobs' progress and log lines once a second, in one batch.</summary>
/// <remarks>Progress reaches subscribers at once through the event stream; the store only needs it for a page
/// opened later or another node's dashboard, so a job reporting a thousand times a second costs one row update a second.</remarks>
internal sealed class ProgressFlusher(IJobStore store, RunningJobRegistry running, TimeProvider time)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                Flush();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public void Flush()
    {
        List<(JobTicket, JobProgress)>? progress = null;
        List<(long, JobLogLine)>? logs = null;
        foreach (var job in running.Snapshot())
        {
            if (job.TakeDirtyProgress() is { } p)
            {
                (progress ??= []).Add((job.Ticket, p));
            }

            if (job.TakeLogs() is { } lines)
            {
                logs ??= [];
                foreach (var line in lines)
                {
                    logs.Add((job.JobId, line));
                }
            }
        }

        if (progress is not null)
        {
            store.SaveProgress(progress);
        }

        if (logs is not null)
        {
            store.AppendLogs(logs);
        }
    }
}
