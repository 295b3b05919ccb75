using System.Globalization;
using Jobs.Handlers;

namespace Jobs.Dashboard.SampleJobs;

/// <summary>The arguments of <see cref="DemoCountJob"/>.</summary>
/// <param name="Steps">How many steps to count. Defaults to 20.</param>
/// <param name="DelayMs">How long each step waits, in milliseconds. Defaults to 200.</param>
internal sealed record DemoCountArgs(int Steps = 20, int DelayMs = 200);

/// <summary>Counts slowly, reporting progress after each step: a job to watch in the dashboard.</summary>
internal sealed class DemoCountJob(TimeProvider time) : IJobHandler<DemoCountArgs>
{
    /// <summary>The registered type name.</summary>
    public const string Name = "demo.count";

    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));

    /// <inheritdoc />
    public async Task HandleAsync(DemoCountArgs args, IJobContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfNegative(args.Steps);
        ArgumentOutOfRangeException.ThrowIfNegative(args.DelayMs);

        var delay = TimeSpan.FromMilliseconds(args.DelayMs);
        for (var step = 1; step <= args.Steps; step++)
        {
            await Task.Delay(delay, _time, context.CancellationToken);
            context.ReportProgress(
                (double)step / args.Steps,
                string.Create(CultureInfo.InvariantCulture, $"Counted {step} of {args.Steps}"),
                step,
                args.Steps);
        }
    }
}
