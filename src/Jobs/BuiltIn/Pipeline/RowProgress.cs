using System.Globalization;
using Jobs.Handlers;

namespace Jobs.BuiltIn.Pipeline;

/// <summary>Reports progress over a stream of rows of known or unknown count.</summary>
internal sealed class RowProgress(IJobContext context, long? total, string verb)
{
    private long _done;

    public long Done => _done;

    public void Step()
    {
        _done++;
        if (total is > 0 and var t)
        {
            context.ReportProgress(Math.Min(0.99, (double)_done / t), string.Create(CultureInfo.InvariantCulture, $"{verb} {_done} of {t} rows"), _done, t);
        }
        else if (_done % 100 == 0)
        {
            context.ReportProgress(0, string.Create(CultureInfo.InvariantCulture, $"{verb} {_done} rows"), _done);
        }
    }
}
