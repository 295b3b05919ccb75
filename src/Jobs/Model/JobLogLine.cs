using Microsoft.Extensions.Logging;

namespace Jobs.Model;

/// <summary>A line a handler logged while it ran; kept with the job.</summary>
public sealed record JobLogLine(int Attempt, DateTimeOffset At, LogLevel Level, string Message);
