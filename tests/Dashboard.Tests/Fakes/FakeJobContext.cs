using System.Threading.Channels;
using Jobs.Handlers;
using Jobs.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Jobs.Dashboard.Tests.Fakes;

/// <summary>An <see cref="IJobContext"/> that records progress reports.</summary>
internal sealed class FakeJobContext(CancellationToken cancellationToken = default) : IJobContext
{
    private readonly Channel<ProgressReport> _reports = Channel.CreateUnbounded<ProgressReport>();
    private readonly List<ProgressReport> _all = [];

    public long JobId => 1;

    public string JobType => "test";

    public string Queue => "default";

    public int Attempt => 1;

    public IReadOnlyList<string> Tags => [];

    public IReadOnlyDictionary<string, string> Metadata => new Dictionary<string, string>();

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public ILogger Logger => NullLogger.Instance;

    public JobProgress? Progress => null;

    /// <summary>Every report so far, in order.</summary>
    public IReadOnlyList<ProgressReport> Reports
    {
        get
        {
            lock (_all)
            {
                return [.. _all];
            }
        }
    }

    public void ReportProgress(double fraction, string? message = null, long? current = null, long? total = null)
    {
        var report = new ProgressReport(fraction, message, current, total);
        lock (_all)
        {
            _all.Add(report);
        }

        _reports.Writer.TryWrite(report);
    }

    /// <summary>Waits for the next report.</summary>
    public ValueTask<ProgressReport> NextReportAsync(CancellationToken cancellationToken) => _reports.Reader.ReadAsync(cancellationToken);
}

internal sealed record ProgressReport(double Fraction, string? Message, long? Current, long? Total);
