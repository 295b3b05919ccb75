using System.Collections.Concurrent;
using System.Globalization;
using Jobs.Errors;
using Jobs.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jobs.Dashboard.Tests.Fakes;

/// <summary>The arguments of <see cref="GatedJob"/>.</summary>
/// <param name="Steps">How many steps the job has; each waits for the test to open its gate.</param>
public sealed record GatedArgs(int Steps = 4);

/// <summary>Hands out steps to <see cref="GatedJob"/> runs: the test decides when a running job moves on, so progress is observed without timing.</summary>
public sealed class JobGates
{
    private readonly ConcurrentDictionary<long, SemaphoreSlim> _gates = new();
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _started = new();

    internal SemaphoreSlim For(long jobId) => _gates.GetOrAdd(jobId, _ => new SemaphoreSlim(0));

    /// <summary>Lets job <paramref name="jobId"/> take one more step.</summary>
    public void Step(long jobId) => For(jobId).Release();

    /// <summary>Completes once job <paramref name="jobId"/> runs and waits at its first gate.</summary>
    public Task StartedAsync(long jobId) => _started.GetOrAdd(jobId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    internal void MarkStarted(long jobId) => _started.GetOrAdd(jobId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}

/// <summary>A long job whose every step waits for the test (<see cref="JobGates"/>), reporting progress after each.</summary>
public sealed class GatedJob(JobGates gates) : IJobHandler<GatedArgs>
{
    public const string Name = "test.gated";

    public async Task HandleAsync(GatedArgs args, IJobContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var gate = gates.For(context.JobId);
        context.ReportProgress(0, "Waiting for the first step", 0, args.Steps);
        gates.MarkStarted(context.JobId);
        for (var step = 1; step <= args.Steps; step++)
        {
            await gate.WaitAsync(context.CancellationToken);
            context.Logger.LogInformation("Step {Step} of {Steps}", step, args.Steps);
            context.ReportProgress((double)step / args.Steps, string.Create(CultureInfo.InvariantCulture, $"Step {step} of {args.Steps}"), step, args.Steps);
        }
    }
}

/// <summary>Whether <see cref="SwitchedJob"/> fails: set by the test.</summary>
public sealed class FailureSwitch
{
    private volatile bool _failing = true;

    /// <summary>Whether runs fail now. Starts true.</summary>
    public bool Failing
    {
        get => _failing;
        set => _failing = value;
    }
}

/// <summary>The arguments of <see cref="SwitchedJob"/>.</summary>
/// <param name="Message">The error message while failing (may hold HTML, to test it is shown as text).</param>
public sealed record SwitchedArgs(string Message = "The switch says fail");

/// <summary>Fails permanently (straight to the dead-letter queue) while <see cref="FailureSwitch.Failing"/>; succeeds afterwards.</summary>
public sealed class SwitchedJob(FailureSwitch failure) : IJobHandler<SwitchedArgs, string>
{
    public const string Name = "test.switched";

    public Task<string> HandleAsync(SwitchedArgs args, IJobContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        return failure.Failing
            ? throw new PermanentJobException(args.Message)
            : Task.FromResult("done");
    }
}

/// <summary>Registers the test-only job types with the app under test (never with the product).</summary>
public static class TestJobRegistration
{
    /// <summary>A job type whose name holds HTML, to prove names are shown as text.</summary>
    public const string HtmlNamedType = "<b>html-type</b>";

    public static IServiceCollection AddTestJobs(this IServiceCollection services)
    {
        services.AddSingleton<JobGates>();
        services.AddSingleton<FailureSwitch>();
        services.AddScoped<GatedJob>();
        services.AddScoped<SwitchedJob>();
        services.AddSingleton(new JobTypeDescriptor(GatedJob.Name, typeof(GatedJob), typeof(GatedArgs), null));
        services.AddSingleton(new JobTypeDescriptor(SwitchedJob.Name, typeof(SwitchedJob), typeof(SwitchedArgs), typeof(string)));
        services.AddSingleton(new JobTypeDescriptor(HtmlNamedType, typeof(SwitchedJob), typeof(SwitchedArgs), typeof(string)));
        return services;
    }
}
