using Jobs.Errors;
using Jobs.Handlers;

namespace Jobs.Tests.Fakes;

public sealed record NameArgs(string Name = "");

/// <summary>Records its name and returns.</summary>
public sealed class RecordHandler(TestProbe probe) : IJobHandler<NameArgs, string>
{
    public Task<string> HandleAsync(NameArgs args, IJobContext context)
    {
        probe.Runs.Enqueue(args.Name);
        return Task.FromResult($"done:{args.Name}");
    }
}

/// <summary>Signals that it started, then waits for its gate (or its token, when <see cref="GateArgs.Honour"/>).</summary>
public sealed class GateHandler(TestProbe probe) : IJobHandler<GateArgs>
{
    public async Task HandleAsync(GateArgs args, IJobContext context)
    {
        using var _ = probe.Enter();
        probe.Runs.Enqueue(args.Name);
        probe.StartedSignal(args.Name).TrySetResult();
        var gate = probe.Gate(args.Name).Task;
        if (args.Honour)
        {
            await gate.WaitAsync(context.CancellationToken);
        }
        else
        {
            await gate;
        }
    }
}

public sealed record GateArgs(string Name = "", bool Honour = true);

/// <summary>Throws the exception its arguments name.</summary>
public sealed class ThrowHandler(TestProbe probe) : IJobHandler<ThrowArgs>
{
    public Task HandleAsync(ThrowArgs args, IJobContext context)
    {
        probe.Runs.Enqueue(args.Kind);
        Exception error = args.Kind switch
        {
            "timeout" => new TimeoutException("upstream timed out"),
            "io" => new IOException("disk hiccup"),
            "argument" => new ArgumentException("bad value"),
            "transient" => new TransientJobException("try later"),
            "permanent" => new PermanentJobException("temporary? no: permanent"),
            _ => new InvalidOperationException(args.Kind),
        };
        throw error;
    }
}

public sealed record ThrowArgs(string Kind = "timeout");

/// <summary>Reports progress and logs.</summary>
public sealed class ProgressHandler : IJobHandler<ProgressArgs>
{
    public Task HandleAsync(ProgressArgs args, IJobContext context)
    {
        for (var i = 1; i <= args.Steps; i++)
        {
            context.ReportProgress((double)i / args.Steps, $"step {i}", i, args.Steps);
            Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(context.Logger, "Step {Step}", i);
        }

        return Task.CompletedTask;
    }
}

public sealed record ProgressArgs(int Steps = 10);

/// <summary>Fails until its attempt reaches <see cref="HookArgs.SucceedOnAttempt"/>; records every life-cycle hook with the job's stored state at that moment.</summary>
public sealed class HookHandler(TestProbe probe, Jobs.Client.IJobQueries queries) : IJobHandler<HookArgs>, IJobLifecycleHooks
{
    public Task HandleAsync(HookArgs args, IJobContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        if (context.Attempt < args.SucceedOnAttempt)
        {
            throw new TimeoutException($"attempt {context.Attempt} timed out");
        }

        return Task.CompletedTask;
    }

    public Task OnStartAsync(IJobContext context) => Record($"start:{context.Attempt}", context);

    public Task OnSuccessAsync(IJobContext context) => Record("success", context);

    public Task OnRetryAsync(IJobContext context, Exception exception, TimeSpan delay) => Record($"retry:{exception.GetType().Name}:{delay.TotalSeconds}", context);

    public Task OnFailureAsync(IJobContext context, Exception exception) => Record($"failure:{exception.Message}", context);

    private async Task Record(string what, IJobContext context)
    {
        var stored = (await queries.GetAsync(context.JobId))!.Summary.State;
        probe.Runs.Enqueue($"{what}@{stored}");
    }
}

public sealed record HookArgs(int SucceedOnAttempt = 1);
