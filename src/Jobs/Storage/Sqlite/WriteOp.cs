namespace Jobs.Storage.Sqlite;

/// <summary>A write waiting for the writer loop.</summary>
internal abstract class WriteOp
{
    public abstract string Name { get; }

    /// <summary>Runs inside the batch's transaction. May run twice when the batch is retried op by op.</summary>
    public abstract void Execute(SqliteWriteSession session);

    /// <summary>Called after the commit.</summary>
    public abstract void Complete();

    /// <summary>Called when the op's own transaction failed.</summary>
    public abstract void Fail(Exception error);
}

/// <summary>A write whose caller awaits the committed result.</summary>
internal sealed class WriteOp<T>(string name, Func<SqliteWriteSession, T> work) : WriteOp
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T _result = default!;

    public Task<T> Task => _completion.Task;

    public override string Name => name;

    public override void Execute(SqliteWriteSession session) => _result = work(session);

    public override void Complete() => _completion.TrySetResult(_result);

    public override void Fail(Exception error) => _completion.TrySetException(error);
}

/// <summary>A write nobody waits for (progress, logs, the Processing mark): a failure is logged by the writer.</summary>
internal sealed class FireAndForgetOp(Action<SqliteWriteSession> work, string name) : WriteOp
{
    public override string Name => name;

    public override void Execute(SqliteWriteSession session) => work(session);

    public override void Complete()
    {
    }

    public override void Fail(Exception error)
    {
    }
}
