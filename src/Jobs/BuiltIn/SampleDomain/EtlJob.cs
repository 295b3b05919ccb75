using Jobs.Handlers;
using Microsoft.Extensions.Logging;

namespace Jobs.BuiltIn.SampleDomain;

/// <summary>Arguments of the <c>etl</c> job.</summary>
public sealed record EtlArgs
{
    /// <summary>Whether to fetch from the HTTP event source first (when one is configured and enabled). Defaults to true.</summary>
    public bool FetchHttpSource { get; init; } = true;
}

/// <summary>The <c>etl</c> job: fetches the HTTP source (when on), then extracts, validates, transforms and loads every inbox file.</summary>
internal sealed class EtlJob(EventIngestion ingestion) : IJobHandler<EtlArgs, EtlResult>
{
    /// <summary>The registered type name (the APScheduler seed's).</summary>
    public const string TypeName = "etl";

    public async Task<EtlResult> HandleAsync(EtlArgs args, IJobContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var result = await ingestion.RunAsync(args.FetchHttpSource, (f, m) => context.ReportProgress(f, m), context.CancellationToken);
        context.Logger.LogInformation("ETL: {Loaded} file(s) loaded ({Events} events), {Duplicate} duplicate, {Rejected} rejected",
            result.FilesLoaded, result.EventsLoaded, result.FilesDuplicate, result.FilesRejected);
        return result;
    }
}
