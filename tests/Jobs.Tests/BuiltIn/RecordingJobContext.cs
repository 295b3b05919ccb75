using Jobs.Handlers;
using Jobs.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Jobs.Tests.BuiltIn;

/// <summary>A job context that records every progress report, for handlers run directly (outside a worker, where reports are coalesced).</summary>
internal sealed class RecordingJobContext(long jobId, string type) : IJobContext
{
    public List<JobProgress> Reports { get; } = [];
    public long JobId => jobId;
    public string JobType => type;
    public string Queue => "default";
    public int Attempt => 1;
    public IReadOnlyList<string> Tags => [];
    public IReadOnlyDictionary<string, string> Metadata => new Dictionary<string, string>();
    public CancellationToken CancellationToken => TestContext.Current.CancellationToken;
    public ILogger Logger => NullLogger.Instance;
    public JobProgress? Progress => Reports.Count == 0 ? null : Reports[^1];

    public void ReportProgress(double fraction, string? message = null, long? current = null, long? total = null) =>
        Reports.Add(new JobProgress(fraction, message, current, total));
}
