using Microsoft.Extensions.Logging;

namespace Jobs.Processing;

/// <summary>The logger a handler gets: lines go to the application's log and are kept with the job.</summary>
internal sealed class JobLogger(RunningJob job, ILogger inner) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (logLevel == LogLevel.None)
        {
            return;
        }

        var message = formatter(state, exception);
        if (exception is not null)
        {
            message = $"{message}{Environment.NewLine}{exception}";
        }

        job.AddLog(logLevel, message);
        if (inner.IsEnabled(logLevel))
        {
            using (inner.BeginScope(new Dictionary<string, object> { ["JobId"] = job.JobId, ["JobType"] = job.JobType }))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
