namespace Jobs.Storage;

/// <summary>The job store could not commit a write (disk full, read-only file, database locked too long); nothing of that write was stored.</summary>
/// <remarks>Whatever was committed before stays committed. The inner exception is the database's own error.</remarks>
public sealed class JobStoreException : Exception
{
    public JobStoreException() { }

    public JobStoreException(string message) : base(message) { }

    public JobStoreException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception for a failed write to <paramref name="location"/>.</summary>
    public static JobStoreException WriteFailed(string location, Exception cause)
    {
        ArgumentNullException.ThrowIfNull(cause);
        return new($"The job store could not save the change ({cause.Message}); nothing of it was stored, earlier jobs are safe. Store: {location}", cause);
    }
}
