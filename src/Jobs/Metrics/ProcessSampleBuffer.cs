using Jobs.Processing;
using Microsoft.Extensions.Options;

namespace Jobs.Metrics;

/// <summary>A fixed-size ring of the latest <see cref="ProcessSample"/>s: <c>History / SampleInterval</c> of them (2,160 by default).</summary>
/// <remarks>Fixed memory whatever the uptime; readers copy under a lock that a writer holds for one slot assignment.</remarks>
internal sealed class ProcessSampleBuffer(IOptions<MetricsOptions> options, NodeIdentity node) : IProcessMetrics
{
    private readonly Lock _gate = new();
    private readonly ProcessSample[] _ring = new ProcessSample[Math.Max(1, (int)(options.Value.History / options.Value.SampleInterval))];
    private int _next;
    private int _count;

    public TimeSpan SampleInterval => options.Value.SampleInterval;

    public string Node => node.Name;

    public ProcessSample? Latest
    {
        get
        {
            lock (_gate)
            {
                return _count == 0 ? null : _ring[(_next - 1 + _ring.Length) % _ring.Length];
            }
        }
    }

    /// <summary>How many samples the ring holds at most.</summary>
    internal int Capacity => _ring.Length;

    public void Add(ProcessSample sample)
    {
        lock (_gate)
        {
            _ring[_next] = sample;
            _next = (_next + 1) % _ring.Length;
            _count = Math.Min(_count + 1, _ring.Length);
        }
    }

    public IReadOnlyList<ProcessSample> GetSamples(DateTimeOffset? since = null)
    {
        lock (_gate)
        {
            var list = new List<ProcessSample>(_count);
            for (var i = 0; i < _count; i++)
            {
                var sample = _ring[(_next - _count + i + _ring.Length) % _ring.Length];
                if (since is null || sample.Timestamp >= since)
                {
                    list.Add(sample);
                }
            }

            return list;
        }
    }
}
