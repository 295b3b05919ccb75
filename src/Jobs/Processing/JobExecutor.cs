using System.Text.Json;
using Jobs.Configuration;
using Jobs.Errors;
using Jobs.Events;
using Jobs.Handlers;
using Jobs.Metrics;
using Jobs.Model;
using Jobs.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jobs.Processing;

/// <summary>Runs one attempt of one job and records its outcome: the engine's single catch-all boundary.</summary>
internal sealed class JobExecutor(
    IServiceScopeFactory scopes,
    JobTypeRegistry types,
    IJobStore store,
    IJobEventStream events,
    RunningJobRegistry running,
    JobsMeter meter,
    TimeProvider time,
    IOptions<JobEngineOptions> options,
    ILoggerFactory loggers)
{
    /// <summary>The longest wait between tries to store an outcome the store refused.</summary>
    private static readonly TimeSpan MaxOutcomeRetryDelay = TimeSpan.FromSeconds(30);

    private readonly JobEngineOptions _options = options.Value;
    private readonly ILogger _logger = loggers.CreateLogger<JobExecutor>();
    private readonly ILogger _jobLogger = loggers.CreateLogger("Jobs.Job");

    /// <summary>Runs the attempt; returns once the handler is done, with the task that stores its outcome.</summary>
    /// <remarks>
    /// The worker may take its next job before the outcome is committed: if the process dies first, the job simply
    /// runs again (at-least-once), and not waiting lets many outcomes share one commit. The job stays registered as
    /// running until its outcome is stored, so a cancellation in between cannot race the completion. Handlers with
    /// life-cycle hooks return a finished tail: their hooks run after the commit, on the worker.
    /// </remarks>
    public async Task<Task> ExecuteAsync(JobTicket ticket, CancellationToken shutdown)
    {
        ticket.Attempt++;
        ticket.StartedAtMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        ticket.Finished = false;
        ticket.ProcessingMarkPosted = false;
        if (ticket.Attempt == 1 && ticket.CreatedAtMs > 0)
        {
            meter.Started(ticket.Type, ticket.StartedAtMs - ticket.CreatedAtMs);
        }

        var job = new RunningJob(ticket, events, time, _jobLogger, _options.CancellationGrace, _options.LogLinesPerAttempt, shutdown);
        // One scope per run, kept open until the life-cycle hooks have run.
        var scope = scopes.CreateAsyncScope();
        ticket.Running = job;
        running.Add(job);
        Task tail;
        try
        {
            // The store still says Enqueued: the progress flusher writes Processing within a second, and a job that
            // ends sooner never needs that write. Our lease already covers a crash either way (at-least-once).
            if (events.HasSubscribers)
            {
                events.Publish(new JobEvent(ticket.Id, ticket.Type, ticket.Queue, JobState.Processing, null, DateTimeOffset.FromUnixTimeMilliseconds(ticket.StartedAtMs)));
            }

            var (outcome, error, hooks, context) = await RunAsync(job, scope.ServiceProvider).ConfigureAwait(false);
            ticket.Finished = true;
            if (job.TakeLogs() is { } lines)
            {
                store.AppendLogs([.. lines.Select(l => (ticket.Id, l))]);
            }

            var completion = store.CompleteAsync(ticket, outcome, CancellationToken.None);
            if (hooks is null && ticket.EarlyStart is { Merged: true })
            {
                // Its insert writes the outcome: nothing is left to do after the commit, so the job is released now and the
                // worker never hears of the commit. A cancel from now on queues behind that insert and finds the job finished.
                meter.Finished(ticket.Type, outcome.State, outcome.AtMs - ticket.StartedAtMs);
                await ReleaseAsync(job, scope).ConfigureAwait(false);
                return Task.CompletedTask;
            }

            tail = CompleteAsync(job, scope, completion, outcome, error, hooks, shutdown);
            if (hooks is not null)
            {
                await tail.ConfigureAwait(false);
            }
        }
        catch
        {
            await ReleaseAsync(job, scope).ConfigureAwait(false);
            throw;
        }

        return tail;
    }

    private async Task CompleteAsync(RunningJob job, AsyncServiceScope scope, Task<bool> completion, JobOutcome outcome, Exception? error, IJobLifecycleHooks? hooks, CancellationToken shutdown)
    {
        try
        {
            var stored = await StoreOutcomeAsync(job.Ticket, completion, outcome, shutdown).ConfigureAwait(false);
            if (stored == true)
            {
                meter.Finished(job.Ticket.Type, outcome.State, outcome.AtMs - job.Ticket.StartedAtMs);
                await RunHookAsync(hooks, job, outcome, error).ConfigureAwait(false);
            }
            else if (stored == false)
            {
                _logger.LogWarning("Job {JobId} was taken over by another node after this node's lease expired; its outcome here ({State}) is dropped", job.JobId, outcome.State);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Not a store failure (those are retried): the job keeps its lease, and the release at stop or a lease expiry after exit requeues it.
            _logger.LogError(ex, "Could not store the outcome ({State}) of job {JobId}", outcome.State, job.JobId);
        }
        finally
        {
            await ReleaseAsync(job, scope).ConfigureAwait(false);
        }
    }

    /// <summary>Stores the outcome, retrying with backoff while the store refuses writes (a full disk); null when the node stops first.</summary>
    /// <remarks>
    /// Giving up is not an option while this node lives: its lease keeper renews the lease of every job it owns, so
    /// no lease expiry would ever run the job again, and it would sit Processing until a restart. The lease_version
    /// fence still applies to each retry: a job taken over meanwhile returns false. At stop the retries end and the
    /// pool's release requeues the job (or, if the store still refuses, its lease expires after the process exits).
    /// </remarks>
    private async Task<bool?> StoreOutcomeAsync(JobTicket ticket, Task<bool> completion, JobOutcome outcome, CancellationToken shutdown)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                return await completion.ConfigureAwait(false);
            }
            catch (JobStoreException ex) when (ticket.EarlyStart?.Stored.IsFaulted == true)
            {
                // It started before its insert, and the insert failed: there is no row to write to, and its enqueue has failed.
                _logger.LogWarning(ex, "Job {JobId} ran, but its enqueue failed before it was stored; its outcome ({State}) is dropped", ticket.Id, outcome.State);
                return null;
            }
            catch (JobStoreException ex)
            {
                _logger.LogError(ex, "Could not store the outcome ({State}) of job {JobId}; retrying in {Delay}", outcome.State, ticket.Id, delay);
            }

            try
            {
                await Task.Delay(delay, time, shutdown).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
            {
                return null;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxOutcomeRetryDelay.Ticks));
            completion = store.CompleteAsync(ticket, outcome, CancellationToken.None);
        }
    }

    private async Task ReleaseAsync(RunningJob job, AsyncServiceScope scope)
    {
        running.Remove(job);
        job.Ticket.Running = null;
        job.Dispose();
        await scope.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<(JobOutcome Outcome, Exception? Error, IJobLifecycleHooks? Hooks, RunningJob Context)> RunAsync(RunningJob job, IServiceProvider services)
    {
        var ticket = job.Ticket;
        IJobLifecycleHooks? hooks = null;
        try
        {
            if (!types.TryGet(ticket.Type, out var descriptor))
            {
                throw new PermanentJobException($"No job type named '{ticket.Type}' is registered in this process.");
            }

            object? args;
            try
            {
                args = JobInvoker.ReadArguments(descriptor, ticket.Arguments);
            }
            catch (JsonException ex)
            {
                throw new PermanentJobException($"The arguments do not match {descriptor.ArgumentsType.Name}: {ex.Message}", ex);
            }

            var handler = services.GetRequiredService(descriptor.HandlerType);
            hooks = handler as IJobLifecycleHooks;
            if (hooks is not null)
            {
                await hooks.OnStartAsync(job).ConfigureAwait(false);
            }

            var work = JobInvoker.InvokeAsync(descriptor, handler, args, job);
            object? result;
            try
            {
                result = work.IsCompleted ? await work.ConfigureAwait(false) : await work.WaitAsync(job.AbandonToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (job.AbandonToken.IsCancellationRequested && !work.IsCompleted)
            {
                // The handler ignored its token past the grace period: free the worker, let the task end on its own.
                _ = work.ContinueWith(t => _logger.LogWarning(t.Exception, "Abandoned job {JobId} finally ended", ticket.Id),
                    CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                _logger.LogWarning("Job {JobId} ignored its cancellation for {Grace}; its worker moves on", ticket.Id, _options.CancellationGrace);
                throw new OperationCanceledException(job.CancellationToken);
            }

            var json = result is null ? null : JsonSerializer.Serialize(result, result.GetType(), JobJson.Options);
            return (Outcome(JobState.Succeeded, job, result: json), null, hooks, job);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return (Failure(job, ex, out var error), error, hooks, job);
        }
    }

    private JobOutcome Failure(RunningJob job, Exception ex, out Exception error)
    {
        var ticket = job.Ticket;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        switch (job.StopReason)
        {
            case StopReason.Cancelled when ex is OperationCanceledException:
                error = ex;
                return Outcome(JobState.Cancelled, job, reason: job.CancelReasonText ?? "Cancelled by a user while running.");
            case StopReason.ShuttingDown when ex is OperationCanceledException:
                error = ex;
                return Outcome(JobState.Enqueued, job, reason: "Requeued: the node shut down before the job finished.");
            case StopReason.TimedOut when ex is OperationCanceledException:
                ex = new JobTimeoutException($"The job ran past its timeout of {ticket.Timeout}.", ex);
                break;
        }

        error = ex;
        var transient = ErrorClassifier.IsTransient(ex);
        var jobError = new JobError(ex.GetType().FullName ?? ex.GetType().Name, ex.Message, ex.ToString(), transient);
        if (transient && ticket.RetryCount < ticket.Retry.MaxRetries)
        {
            var retry = ticket.RetryCount + 1;
            var delay = (ticket.Retry with { MaxDelay = _options.MaxRetryDelay }).DelayFor(retry, Random.Shared.NextDouble());
            return new JobOutcome
            {
                State = JobState.Failed,
                AtMs = now,
                RunAtMs = now + (long)delay.TotalMilliseconds,
                RetryCount = retry,
                Error = jobError,
                Reason = $"Retry {retry} of {ticket.Retry.MaxRetries} in {delay}.",
                Progress = job.Progress,
            };
        }

        var why = transient ? $"Retries exhausted ({ticket.Retry.MaxRetries})." : "Permanent error: not retried.";
        return new JobOutcome { State = JobState.DeadLettered, AtMs = now, RetryCount = ticket.RetryCount, Error = jobError, Reason = why, Progress = job.Progress };
    }

    private JobOutcome Outcome(JobState state, RunningJob job, string? result = null, string? reason = null) => new()
    {
        State = state,
        AtMs = time.GetUtcNow().ToUnixTimeMilliseconds(),
        RetryCount = job.Ticket.RetryCount,
        Result = result,
        Reason = reason,
        Progress = job.Progress,
    };

    private async Task RunHookAsync(IJobLifecycleHooks? hooks, RunningJob context, JobOutcome outcome, Exception? error)
    {
        if (hooks is null)
        {
            return;
        }

        try
        {
            switch (outcome.State)
            {
                case JobState.Succeeded:
                    await hooks.OnSuccessAsync(context).ConfigureAwait(false);
                    break;
                case JobState.Failed:
                    await hooks.OnRetryAsync(context, error!, TimeSpan.FromMilliseconds(outcome.RunAtMs!.Value - outcome.AtMs)).ConfigureAwait(false);
                    break;
                case JobState.DeadLettered:
                    await hooks.OnFailureAsync(context, error!).ConfigureAwait(false);
                    break;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.LogWarning(ex, "A life-cycle hook of job {JobId} failed; the job's outcome stands", context.JobId);
        }
    }
}
