using System.Text.Json;
using Jobs.Handlers;
using Microsoft.Extensions.Logging;

namespace Jobs.Scheduling.Defaults;

/// <summary>Stands in for a default job type (<c>etl</c>, <c>heatmap</c>, <c>data_refresh</c>, <c>anomaly_detection</c>) that no real handler is registered for yet.</summary>
/// <remarks>
/// The default schedules need their job types to exist; until the built-in job types are registered under those
/// names, this handler accepts any arguments, does nothing, and says so in the job's log, so a run is visibly a
/// placeholder rather than a silent success.
/// </remarks>
internal sealed partial class PlaceholderJobHandler : IJobHandler<JsonElement>
{
    public Task HandleAsync(JsonElement args, IJobContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        LogPlaceholder(context.Logger, context.JobType, args.ValueKind == JsonValueKind.Undefined ? "{}" : args.GetRawText());
        return Task.CompletedTask;
    }

    [LoggerMessage(LogLevel.Warning, "'{JobType}' is a placeholder: no handler for this job type is registered yet, so nothing was done (arguments {Arguments})")]
    private static partial void LogPlaceholder(ILogger logger, string jobType, string arguments);
}
