namespace Jobs.Storage;

/// <summary>A write waiting for a store's group-commit writer loop, which runs it on the batch's <typeparamref name="TSession"/>.</summary>
internal abstract class WriteOp<TSession>
{
    public abstract string Name { get; }

    /// <summary>Runs inside the batch's transaction. May run twice when the batch is retried op by op.</summary>
    public abstract void Execute(TSession session);

    /// <summary>Called after the commit.</summary>
    public abstract void Complete();

    /// <summary>Called when the op's own transaction failed.</summary>
    public abstract void Fail(Exception error);
}

/// <summary>A write whose caller awaits the committed result.</summary>
internal sealed class WriteOp<TSession, T>(string name, Func<TSession, T> work) : WriteOp<TSession>
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T _result = default!;

    public Task<T> Task => _completion.Task;

    public override string Name => name;

    public override void Execute(TSession session) => _result = work(session);

    public override void Complete() => _completion.TrySetResult(_result);

    public override void Fail(Exception error) => _completion.TrySetException(error);
}

/// <summary>A write nobody waits for (progress, logs, the Processing mark): a failure is logged by the writer.</summary>
internal sealed class FireAndForgetOp<TSession>(Action<TSession> work, string name) : WriteOp<TSession>
{
    public override string Name => name;

    public override void Execute(TSession session) => work(session);

    public override void Complete()
    {
    }

    public override void Fail(Exception error)
    {
    }
}
