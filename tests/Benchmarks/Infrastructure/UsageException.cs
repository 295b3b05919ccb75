namespace Jobs.Benchmarks.Infrastructure;

/// <summary>Bad command-line usage: the harness prints the message on one stderr line and exits with code 2.</summary>
internal sealed class UsageException(string message) : Exception(message)
{
    public UsageException() : this("Bad usage.")
    {
    }

    public UsageException(string message, Exception innerException) : this(message + " " + innerException?.Message)
    {
    }
}
