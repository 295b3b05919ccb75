using System.Net.Sockets;
using System.Text.Json;

namespace Jobs.Errors;

/// <summary>Decides whether a failed attempt is worth retrying.</summary>
/// <remarks>
/// The rules follow the seed documents: timeouts, connection and I/O errors, and any error whose
/// message says "timeout", "connection", "temporary" or "unavailable" are transient; argument, type,
/// key and format errors and everything else are permanent and go straight to the dead-letter queue.
/// A handler overrides the rules by throwing <see cref="TransientJobException"/> or
/// <see cref="PermanentJobException"/>.
/// </remarks>
public static class ErrorClassifier
{
    private static readonly string[] TransientWords = ["timeout", "timed out", "connection", "temporary", "temporarily", "unavailable"];

    /// <summary>True when the error is transient and the job should be retried.</summary>
    public static bool IsTransient(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        switch (error)
        {
            case PermanentJobException:
                return false;
            case TransientJobException:
            case TimeoutException:
            case IOException:
            case SocketException:
            case HttpRequestException:
                return true;
            // Bad input never gets better by retrying, whatever its message says.
            case ArgumentException:
            case InvalidCastException:
            case KeyNotFoundException:
            case FormatException:
            case JsonException:
            case NotSupportedException:
            case NotImplementedException:
            case NullReferenceException:
                return false;
        }

        if (error is AggregateException { InnerExceptions.Count: > 0 } aggregate)
        {
            return aggregate.InnerExceptions.All(IsTransient);
        }

        if (error.InnerException is { } inner && (inner is TimeoutException or IOException or SocketException or HttpRequestException or TransientJobException))
        {
            return true;
        }

        var message = error.Message;
        foreach (var word in TransientWords)
        {
            if (message.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
