namespace Jobs.BuiltIn.SampleDomain;

/// <summary>The ingestion of the sample domain, shared by <c>etl</c> and the ingestion step of <c>data_refresh</c>.</summary>
internal sealed class EventIngestion(HttpEventSource source, InboxProcessor inbox)
{
    public async Task<EtlResult> RunAsync(bool fetchHttpSource, Action<double, string> progress, CancellationToken cancellationToken)
    {
        if (fetchHttpSource && source.IsEnabled)
        {
            progress(0, "Fetching events from the HTTP source");
            await source.FetchAsync(cancellationToken);
        }

        return await inbox.ProcessAsync(progress, cancellationToken);
    }
}
