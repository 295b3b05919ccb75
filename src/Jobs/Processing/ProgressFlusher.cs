using Jobs.Model;
using Jobs.Storage;

namespace Jobs.Processing;

/// <summary>Once a second, stores in one batch what running jobs did since: that they run (Processing), their progress and log lines.</summary>
/// <remarks>Subscribers learn all of it at once through the event stream; the store only needs it for a page opened
/// later or another node's dashboard. So a job reporting a thousand times a second costs one row update a second, and a
/// job that ends within a second never has its Processing state written at all: its completion writes the whole story.</remarks>
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
        List<JobTicket>? started = null;
        List<(JobTicket, JobProgress)>? progress = null;
        List<(long, JobLogLine)>? logs = null;
        foreach (var job in running.Snapshot())
        {
            if (!job.Ticket.ProcessingMarkPosted)
            {
                job.Ticket.ProcessingMarkPosted = true;
                (started ??= []).Add(job.Ticket);
            }

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

        if (started is not null)
        {
            store.MarkProcessing(started);
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
