using System.Globalization;
using System.Text;

namespace Jobs.CrashHost;

/// <summary>Appends <c>&lt;jobId&gt; &lt;attempt&gt; &lt;event&gt;</c> lines to <c>marks.log</c> in the data directory.</summary>
/// <remarks>
/// Each line is written with one flushed write, so a SIGKILL leaves whole lines in the OS's page cache
/// (where the test reads them) and at worst a missing last line, never a torn one in the middle.
/// The file is shared for reading so the test can watch it while this process runs.
/// </remarks>
internal sealed class MarkLog : IDisposable
{
    public const string FileName = "marks.log";

    private readonly FileStream _stream;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public MarkLog(string directory)
    {
        _stream = new FileStream(Path.Combine(directory, FileName), FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
    }

    public async Task AppendAsync(long jobId, int attempt, string what)
    {
        var line = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{jobId} {attempt} {what}\n"));
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            // .NET's Append mode is not O_APPEND: the stream writes at its own position. Another process (the one
            // that re-ran a job while this one was frozen) may have appended since, so go to the end first.
            // Enough for processes that take turns, as the tests' do; two writing at the same instant could still clash.
            _stream.Seek(0, SeekOrigin.End);
            await _stream.WriteAsync(line).ConfigureAwait(false);
            await _stream.FlushAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _stream.Dispose();
        _gate.Dispose();
    }
}
