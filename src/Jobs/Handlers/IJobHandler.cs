namespace Jobs.Handlers;

/// <summary>A job type: one class per type, resolved in a fresh DI scope for every run.</summary>
/// <typeparam name="TArgs">The arguments, deserialized from the job's JSON with System.Text.Json (web defaults).</typeparam>
/// <remarks>
/// Jobs run at least once: after a crash a job may run again, so make the work idempotent
/// (or give the job a unique key). Honour <see cref="IJobContext.CancellationToken"/>.
/// </remarks>
public interface IJobHandler<in TArgs>
{
    /// <summary>Runs the job. Throwing fails the attempt; see <see cref="Errors.TransientJobException"/>.</summary>
    Task HandleAsync(TArgs args, IJobContext context);
}

/// <summary>A job type that returns a result, which is stored with the job as JSON.</summary>
public interface IJobHandler<in TArgs, TResult>
{
    /// <summary>Runs the job and returns its result.</summary>
    Task<TResult> HandleAsync(TArgs args, IJobContext context);
}

/// <summary>Optional hooks a handler may implement to observe its own life cycle.</summary>
/// <remarks>
/// Hooks run in the job's scope, on the worker. An exception from a hook is logged with the job and
/// does not change the job's outcome.
/// </remarks>
public interface IJobLifecycleHooks
{
    /// <summary>Before every attempt.</summary>
    Task OnStartAsync(IJobContext context) => Task.CompletedTask;

    /// <summary>After the attempt that succeeded.</summary>
    Task OnSuccessAsync(IJobContext context) => Task.CompletedTask;

    /// <summary>After a failed attempt that will be retried, with the delay before the retry.</summary>
    Task OnRetryAsync(IJobContext context, Exception exception, TimeSpan delay) => Task.CompletedTask;

    /// <summary>After the last attempt failed (retries exhausted or a permanent error): the job is dead-lettered.</summary>
    Task OnFailureAsync(IJobContext context, Exception exception) => Task.CompletedTask;
}
